using System.Text;

namespace MicroPython.Sandbox.Tests;

/// <summary>RunOptions: settings of one run (streams, time limit, source name, sys.argv) over the sandbox's own.</summary>
public class RunOptionsTests
{
    [Fact]
    public void TracebacksNameTheCodeAfterTheSourceNameAndKeepItsLine()
    {
        var result = PythonSandbox.Run("x = 1\ndef f():\n    return 1 / 0\nf()", null, new RunOptions { SourceName = "report.py" });
        Assert.Equal(RunStatus.PythonError, result.Status);
        Assert.Equal("ZeroDivisionError", result.Error!.Type);
        Assert.Equal(3, result.Error.Line);
        Assert.Contains("File \"report.py\", line 4", result.Error.Traceback);
        Assert.Contains("File \"report.py\", line 3, in f", result.Error.Traceback);
        Assert.DoesNotContain("<stdin>", result.Error.Traceback);
    }

    [Fact]
    public void ArgumentsReachSysArgvAsGivenAndBindNoGlobal()
    {
        string[] arguments = ["script.py", "it's", "naïve \"quoted\"", "\n", ""];
        var result = PythonSandbox.Run("import sys\nprint(repr(sys.argv))\nprint(sorted(k for k in globals() if not k.startswith('__')))", null, new RunOptions { Arguments = arguments });
        Assert.Equal(RunStatus.Completed, result.Status);
        var expected = "[" + string.Join(", ", arguments.Select(a => a switch
        {
            "it's" => "\"it's\"",
            "\n" => "'\\n'",
            _ => "'" + a + "'",
        })) + "]";
        var lines = result.Stdout.Split('\n');
        Assert.Equal(expected.Replace("ï", "\\xef", StringComparison.Ordinal), lines[0].Replace("ï", "\\xef", StringComparison.Ordinal));
        Assert.Equal("['sys']", lines[1]);
    }

    [Fact]
    public void ArgumentsCannotInjectCode()
    {
        var result = PythonSandbox.Run("import sys\nprint(len(sys.argv), len(sys.argv[0]))", null, new RunOptions { Arguments = ["'); print('pwned'); ('", "\\x00"] });
        Assert.Equal("2 22\n", result.Stdout);
    }

    [Fact]
    public void ThePerRunTimeoutReplacesTheSandboxes()
    {
        var options = new SandboxOptions { Timeout = TimeSpan.FromSeconds(30) };
        var result = PythonSandbox.Run("while True:\n    pass", options, new RunOptions { Timeout = TimeSpan.FromMilliseconds(100) });
        Assert.Equal(RunStatus.TimeLimitExceeded, result.Status);
        Assert.True(result.WallTime < TimeSpan.FromSeconds(5), $"took {result.WallTime}");
    }

    [Fact]
    public void EachSessionRunReadsItsOwnStandardInputAndWritesItsOwnOutput()
    {
        using var session = new PythonSession();
        foreach (var name in new[] { "first", "second" })
        {
            using var stdout = new MemoryStream();
            var result = session.Run("print(input().upper())", new RunOptions
            {
                StandardInput = new MemoryStream(Encoding.UTF8.GetBytes(name + "\n")),
                StandardOutput = stdout,
            });
            Assert.Equal(RunStatus.Completed, result.Status);
            Assert.Equal("", result.Stdout);
            Assert.Equal(name.ToUpperInvariant() + "\n", Encoding.UTF8.GetString(stdout.ToArray()));
        }
    }

    [Fact]
    public void ASessionRunShowsItsSourceNameInTracebacks()
    {
        using var session = new PythonSession();
        var result = session.Run("y = 2\nraise KeyError('k')", new RunOptions { SourceName = "<cell 3>" });
        Assert.Equal("KeyError", result.Error!.Type);
        Assert.Equal(2, result.Error.Line);
        Assert.Contains("File \"<cell 3>\", line 2", result.Error.Traceback);
    }

    [Fact]
    public void ASessionRunSetsSysArgvWhenGivenArgumentsAndLeavesItOtherwise()
    {
        using var session = new PythonSession();
        var first = session.Run("import sys\nprint(sys.argv)", new RunOptions { Arguments = ["tool.py", "--flag"] });
        Assert.Equal("['tool.py', '--flag']\n", first.Stdout);
        // Without Arguments a run leaves sys.argv as the last run set it, and no global was bound for it.
        var second = session.Run("print(sys.argv, [k for k in globals() if not k.startswith('__')])");
        Assert.Equal("['tool.py', '--flag'] ['sys']\n", second.Stdout);
    }

    [Fact]
    public void OutOfRangeRunOptionsAreRejectedAsHostMistakes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PythonSandbox.Run("1", null, new RunOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => PythonSandbox.Run("1", null, new RunOptions { SourceName = "a\"b" }));
        Assert.Throws<ArgumentException>(() => PythonSandbox.Run("1", null, new RunOptions { Arguments = [null!] }));
    }
}
