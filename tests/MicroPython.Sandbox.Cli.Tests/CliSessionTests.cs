using System.Text.Json;

namespace MicroPython.Sandbox.Cli.Tests;

/// <summary><c>mpsandbox --session FILE</c>: a program's state kept in a file from one invocation to the next.</summary>
public sealed class CliSessionTests : IDisposable
{
    private const int SessionFileExitCode = 9;

    private readonly string _directory = Directory.CreateTempSubdirectory("mpsandbox-session-").FullName;

    private string SessionPath => Path.Combine(_directory, "s.bin");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int ExitCode, string Stdout, string Stderr) Cli(string? stdin, params string[] args) => CliProcess.Managed.Run(stdin, args);

    [Fact]
    public void AVariableSetInOneInvocationIsThereInTheNext()
    {
        Assert.False(File.Exists(SessionPath));
        Assert.Equal((0, "", ""), Cli(null, "--session", SessionPath, "-c", "x = 1"));
        Assert.True(File.Exists(SessionPath));
        Assert.Equal((0, "1\n", ""), Cli(null, "--session", SessionPath, "-c", "print(x)"));
    }

    [Fact]
    public void AMissingFileStartsAFreshSession()
    {
        var (exit, _, stderr) = Cli(null, "--session", SessionPath, "-c", "print(x)");
        Assert.Equal(1, exit);
        Assert.Contains("NameError", stderr);
        // A Python error still saves: the fresh session is what the next run finds.
        Assert.True(File.Exists(SessionPath));
    }

    [Fact]
    public void ScriptFilesStandardInputAndJsonShareTheSession()
    {
        string script = Path.Combine(_directory, "define.py");
        File.WriteAllText(script, "import sys\ndef greet(name):\n    return 'hello ' + name\ncount = len(sys.argv)\n");
        Assert.Equal(0, Cli(null, "--session", SessionPath, script, "a", "b").ExitCode);

        Assert.Equal((0, "hello stdin 3\n", ""), Cli("print(greet('stdin'), count)\ncount += 1\n", "--session", SessionPath, "-"));

        var (exit, stdout, _) = Cli(null, "--session", SessionPath, "--json", "-c", "print(greet('json'))\ncount");
        Assert.Equal(0, exit);
        using var report = JsonDocument.Parse(stdout);
        Assert.Equal("completed", report.RootElement.GetProperty("status").GetString());
        Assert.Equal("hello json\n", report.RootElement.GetProperty("stdout").GetString());
        // In a session, --json also reports the value of a final expression.
        Assert.Equal("4", report.RootElement.GetProperty("valueRepr").GetString());
    }

    [Fact]
    public void APythonErrorKeepsWhatRanBeforeItAndSaves()
    {
        var (exit, _, stderr) = Cli(null, "--session", SessionPath, "-c", "a = 1\nraise ValueError('stop')\nb = 2");
        Assert.Equal(1, exit);
        Assert.Contains("ValueError: stop", stderr);
        Assert.Equal((0, "1 False\n", ""), Cli(null, "--session", SessionPath, "-c", "print(a, 'b' in globals())"));
    }

    [Fact]
    public void ARunThatHitsALimitLeavesTheFileAsItWas()
    {
        Assert.Equal(0, Cli(null, "--session", SessionPath, "-c", "x = 1").ExitCode);
        byte[] before = File.ReadAllBytes(SessionPath);

        Assert.Equal(4, Cli(null, "--session", SessionPath, "--timeout", "300ms", "-c", "x = 2\nwhile True: pass").ExitCode);
        Assert.Equal(3, Cli(null, "--session", SessionPath, "--memory", "8MB", "-c", "x = 3\ny = bytearray(64 * 1024 * 1024)").ExitCode);

        Assert.Equal(before, File.ReadAllBytes(SessionPath));
        Assert.Equal((0, "1\n", ""), Cli(null, "--session", SessionPath, "-c", "print(x)"));

        // With no file yet, a rolled-back run creates none.
        string other = Path.Combine(_directory, "other.bin");
        Assert.Equal(4, Cli(null, "--session", other, "--timeout", "300ms", "-c", "while True: pass").ExitCode);
        Assert.False(File.Exists(other));
    }

    [Fact]
    public void ARunStoppedWithCtrlCLeavesTheFileAsItWas()
    {
        Assert.Equal(0, Cli(null, "--session", SessionPath, "-c", "x = 1").ExitCode);
        byte[] before = File.ReadAllBytes(SessionPath);

        using (var terminal = CliProcess.Managed.StartInTerminal("--session", SessionPath, "-c", "x = 2\nprint('looping')\nwhile True: pass"))
        {
            terminal.Expect("looping");
            terminal.Type("\x03");
            Assert.Equal(130, terminal.WaitForExit());
        }

        Assert.Equal(before, File.ReadAllBytes(SessionPath));
        Assert.Equal((0, "1\n", ""), Cli(null, "--session", SessionPath, "-c", "print(x)"));
    }

    [Fact]
    public void AFileThatIsNotASessionOfThisBuildIsAnErrorWithItsOwnExitCodeAndIsLeftUntouched()
    {
        Assert.Equal(0, Cli(null, "--session", SessionPath, "-c", "x = 1").ExitCode);
        byte[] saved = File.ReadAllBytes(SessionPath);

        byte[] otherBuild = (byte[])saved.Clone();
        otherBuild[12] ^= 0xFF; // the first byte of the engine build id
        byte[] damaged = (byte[])saved.Clone();
        damaged[damaged.Length / 2] ^= 0x01;
        var cases = new (string Name, byte[] Bytes, string Says)[]
        {
            ("text.bin", "not a session at all, just some text that is long enough to hold a header"u8.ToArray(), "not a session file"),
            ("truncated.bin", saved[..(saved.Length / 2)], "cut short"),
            ("damaged.bin", damaged, "damaged"),
            ("other-build.bin", otherBuild, "another version of mpsandbox"),
        };
        foreach (var (name, bytes, says) in cases)
        {
            string path = Path.Combine(_directory, name);
            File.WriteAllBytes(path, bytes);
            var (exit, stdout, stderr) = Cli(null, "--session", path, "-c", "print('ran')");
            Assert.Equal(SessionFileExitCode, exit);
            Assert.Equal("", stdout);
            Assert.Contains(path, stderr);
            Assert.Contains(says, stderr);
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }

        // A session file in a directory that does not exist is an error too, not a fresh session saved nowhere.
        var missingDirectory = Cli(null, "--session", Path.Combine(_directory, "no", "such", "s.bin"), "-c", "print('ran')");
        Assert.Equal((SessionFileExitCode, ""), (missingDirectory.ExitCode, missingDirectory.Stdout));
    }

    [Fact]
    public void SavingReplacesTheFileWholeAndLeavesNoTemporaryFiles()
    {
        Assert.Equal(0, Cli(null, "--session", SessionPath, "-c", "x = 1").ExitCode);
        byte[] first = File.ReadAllBytes(SessionPath);
        using (var reader = new FileStream(SessionPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            Assert.Equal(0, Cli(null, "--session", SessionPath, "-c", "x = 'a much longer value ' * 100").ExitCode);
            // A reader that had the old file open still reads it whole: the new snapshot is a new file renamed over
            // it, never the old one rewritten in place (where a crash would leave half of each).
            using var copy = new MemoryStream();
            reader.CopyTo(copy);
            Assert.Equal(first, copy.ToArray());
        }
        Assert.NotEqual(first, File.ReadAllBytes(SessionPath));
        Assert.Equal([SessionPath], Directory.GetFiles(_directory));
    }

    [Fact]
    public void TheInteractiveSessionRestoresTheFileAndSavesEachStatement()
    {
        Assert.Equal(0, Cli(null, "--session", SessionPath, "-c", "x = 41").ExitCode);

        using (var terminal = CliProcess.Managed.StartInTerminal("--session", SessionPath, "--timeout", "30s"))
        {
            terminal.Expect(">>> ");
            terminal.TypeLine("x + 1");
            terminal.Expect("42\n>>> ");
            terminal.TypeLine("y = x + 2");
            terminal.Expect(">>> ");
            // Saved already, while the interactive session is still open.
            Assert.Equal((0, "43\n", ""), Cli(null, "--session", SessionPath, "-c", "print(y)"));

            terminal.TypeLine("while True: y = 0");
            Thread.Sleep(500);
            terminal.Type("\x03");
            terminal.Expect("rolled back");
            terminal.Expect(">>> ");
            terminal.Type("\x04");
            Assert.Equal(0, terminal.WaitForExit());
        }

        Assert.Equal((0, "43\n", ""), Cli(null, "--session", SessionPath, "-c", "print(y)"));
    }
}

/// <summary>One session kept between invocations of the native executable that <c>dotnet publish</c> makes.</summary>
[Trait("Category", "NativeAot")]
public sealed class NativeCliSessionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mpsandbox-session-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void AVariableSetInOneInvocationIsThereInTheNext()
    {
        string path = Path.Combine(_directory, "s.bin");
        Assert.Equal((0, "", ""), CliProcess.Native.Run(null, "--session", path, "-c", "x = 1"));
        Assert.Equal((0, "1\n", ""), CliProcess.Native.Run(null, "--session", path, "-c", "print(x)"));
    }
}
