using System.Text.Json;

namespace MicroPython.Sandbox.Cli.Tests;

/// <summary>The mpsandbox command as a user runs it: arguments in, output and exit code out.</summary>
public class CliTests
{
    /// <summary>The build of the command under test.</summary>
    protected virtual CliProcess Command => CliProcess.Managed;

    private (int ExitCode, string Stdout, string Stderr) Cli(string? stdin, params string[] args) => Command.Run(stdin, args);

    [Fact]
    public void RunsInlineCode()
    {
        var (code, stdout, stderr) = Cli(null, "-c", "print(1+1)");
        Assert.Equal((0, "2\n", ""), (code, stdout, stderr));
    }

    [Fact]
    public void RunsAFileAndStandardInput()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "import sys\nprint('from file')\nprint('to stderr', file=sys.stderr)\n");
            var (code, stdout, stderr) = Cli(null, file);
            Assert.Equal((0, "from file\n", "to stderr\n"), (code, stdout, stderr));
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal((0, "6\n", ""), Cli("print(sum([1, 2, 3]))\n", "-"));
    }

    [Fact]
    public void InputReadsTheConsolesStandardInput()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "name = input('name? ')\nprint('hello', name)\n");
            Assert.Equal((0, "name? hello Ada\n", ""), Cli("Ada\n", file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void PythonErrorGoesToStderrWithExitCodeOne()
    {
        var (code, stdout, stderr) = Cli(null, "-c", "print('partial')\nraise ValueError('bad value')");
        Assert.Equal(1, code);
        Assert.Equal("partial\n", stdout);
        Assert.Contains("ValueError: bad value", stderr);
        Assert.Contains("line 2", stderr);
    }

    [Fact]
    public void EachLimitHasItsOwnExitCode()
    {
        Assert.Equal(4, Cli(null, "--timeout", "200ms", "-c", "while True: pass").ExitCode);
        Assert.Equal(5, Cli(null, "--fuel", "1000000", "-c", "while True: pass").ExitCode);
        Assert.Equal(3, Cli(null, "--memory", "8MB", "-c", "x = bytearray(64 * 1024 * 1024)").ExitCode);
        var output = Cli(null, "--max-output", "1KB", "-c", "while True: print('y' * 50)");
        Assert.Equal(6, output.ExitCode);
        Assert.Equal(1024, output.Stdout.Length);
        Assert.Equal(3, Cli(null, "-c", "import sys; sys.exit(3)").ExitCode);
    }

    [Fact]
    public void BadFlagsGiveAOneLineMessageAndExitCodeTwo()
    {
        foreach (var args in new[] { new[] { "--memory", "lots", "-c", "1" }, ["--timeout", "-3s", "-c", "1"], ["--bogus"], [], ["--fuel", "0", "-c", "1"], ["--memory", "3GB", "-c", "1"], ["--memory", "1KB", "-c", "1"], ["/no/such/file.py"] })
        {
            var (code, stdout, stderr) = Cli(null, args);
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            Assert.StartsWith("mpsandbox: ", stderr);
            Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        }
    }

    [Fact]
    public void JsonReportsTheResult()
    {
        var (code, stdout, _) = Cli(null, "--json", "-c", "print('hi')\n1/0");
        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("pythonError", root.GetProperty("status").GetString());
        Assert.Equal("hi\n", root.GetProperty("stdout").GetString());
        Assert.Equal("ZeroDivisionError", root.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(2, root.GetProperty("error").GetProperty("line").GetInt32());
        Assert.True(root.GetProperty("peakMemoryBytes").GetInt64() > 0);
        Assert.True(root.GetProperty("wallTimeMs").GetDouble() > 0);
        Assert.False(root.TryGetProperty("exitCode", out _)); // absent values are left out, not written as null
        Assert.False(root.GetProperty("success").GetBoolean());
        Assert.False(root.TryGetProperty("valueRepr", out _)); // session-only fields are absent from a one-shot run
        Assert.False(root.TryGetProperty("rolledBack", out _));
    }

    [Fact]
    public void ArgumentsAfterTheScriptReachSysArgvEvenWhenTheyLookLikeOptions()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "import sys\nprint(sys.argv)\n");
            var (code, stdout, stderr) = Cli(null, "--timeout", "10s", file, "a", "--json", "-c", "b");
            Assert.True(code == 0, stderr);
            Assert.Equal($"['{file}', 'a', '--json', '-c', 'b']\n", stdout);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal((0, "['-c', 'x', '--memory']\n", ""), Cli(null, "-c", "import sys; print(sys.argv)", "x", "--memory"));
        Assert.Equal((0, "['-', 'y']\n", ""), Cli("import sys; print(sys.argv)", "-", "y"));

        // A script whose name starts with '-' follows "--".
        string directory = Directory.CreateTempSubdirectory("mpsandbox-cli-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "-dashed.py"), "import sys\nprint(sys.argv)\n");
            Assert.Equal((0, "['-dashed.py', 'z']\n", ""), Command.RunIn(directory, null, "--", "-dashed.py", "z"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void TracebacksNameTheScriptFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"failing-{Guid.NewGuid():N}.py");
        try
        {
            File.WriteAllText(file, "x = 1\nraise KeyError('k')\n");
            var (code, _, stderr) = Cli(null, file);
            Assert.Equal(1, code);
            Assert.Contains($"File \"{file}\", line 2", stderr);
            Assert.DoesNotContain("<stdin>", stderr);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Contains("File \"<string>\", line 1", Cli(null, "-c", "1/0").Stderr);
    }

    [Fact]
    public void HelpAndLimitMessagesSpeakInHumanUnits()
    {
        var (code, help, _) = Cli(null, "--help");
        Assert.Equal(0, code);
        Assert.Contains("(default 256 MiB)", help);
        Assert.Contains("(default none", help);
        Assert.Contains("(default 60s)", help);
        Assert.DoesNotContain("9223372036854775807", help);
        Assert.DoesNotContain("2147483648", help);
        Assert.DoesNotContain("00:01:00", help);

        var (exit, stdout, stderr) = Cli(null, "--memory", "1KB", "-c", "1");
        Assert.Equal((2, ""), (exit, stdout));
        Assert.Contains("'--memory 1KB'", stderr);
        Assert.Contains("between 2 MiB and 2 GiB", stderr);
        Assert.DoesNotContain("2097152", stderr);
        Assert.DoesNotContain("MemoryLimit", stderr);
        Assert.Contains("--fuel must be a positive number", Cli(null, "--fuel", "0", "-c", "1").Stderr);
    }

    [Fact]
    public void WithoutAProgramAndWithoutATerminalItIsAUsageError()
    {
        var (code, stdout, stderr) = Cli("print('not run')\n");
        Assert.Equal((2, ""), (code, stdout));
        Assert.Contains("nothing to run", stderr);
    }

    [Fact]
    public void AllowNetLetsTheProgramReachThatOriginAndNothingElse()
    {
        using var server = new LoopbackHttpServer();
        string code = $"import requests\nprint(requests.get('{server.Origin}/json', params={{'a': 1}}).json()['path'])\n"
            + "try:\n    requests.get('http://example.com/')\nexcept requests.NetworkRefused as e:\n    print(e.rule)";
        Assert.Equal((0, "/json?a=1\nAllowedOrigins\n", ""), Cli(null, "--allow-net", server.Origin, "--allow-private-net", "-c", code));
        // Without --allow-private-net the same loopback origin is refused, and without --allow-net everything is.
        Assert.Equal((0, "AllowPrivateAddresses\n", ""), Cli(null, "--allow-net", server.Origin, "-c", $"import requests\ntry:\n    requests.get('{server.Origin}/json')\nexcept requests.NetworkRefused as e:\n    print(e.rule)"));
        Assert.Equal((0, "AllowedOrigins\n", ""), Cli(null, "-c", $"import requests\ntry:\n    requests.get('{server.Origin}/json')\nexcept requests.NetworkRefused as e:\n    print(e.rule)"));
        Assert.Equal(1, server.Requests);
        var (exit, _, stderr) = Cli(null, "--allow-net", "ftp://example.com", "-c", "print(1)");
        Assert.Equal(2, exit);
        Assert.Contains("--allow-net ftp://example.com", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8FileIsASyntaxError()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, [.. "print('x')\n"u8, 0xC3, 0x28, .. "\n"u8]);
            var (code, stdout, stderr) = Cli(null, file);
            Assert.Equal(1, code);
            Assert.Equal("", stdout);
            Assert.Contains("SyntaxError", stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>The same checks against the native executable that <c>dotnet publish</c> makes.</summary>
[Trait("Category", "NativeAot")]
public sealed class NativeCliTests : CliTests
{
    protected override CliProcess Command => CliProcess.Native;
}
