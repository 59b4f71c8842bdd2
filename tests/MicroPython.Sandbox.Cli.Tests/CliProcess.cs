namespace MicroPython.Sandbox.Cli.Tests;

/// <summary>
/// Runs the mpsandbox command as a user does: the framework-dependent build (<c>dotnet mpsandbox.dll</c>), or the
/// native executable that <c>dotnet publish</c> makes, published once per test run (or taken from
/// <c>MPSANDBOX_NATIVE_CLI</c> when that names one).
/// </summary>
public sealed class CliProcess
{
    private readonly string _fileName;
    private readonly string[] _prefix;

    private CliProcess(string fileName, params string[] prefix) => (_fileName, _prefix) = (fileName, prefix);

    public static CliProcess Managed { get; } = new("dotnet", Path.Combine(AppContext.BaseDirectory, "mpsandbox.dll"));

    public static CliProcess Native => NativeBuild.Value;

    private static readonly Lazy<CliProcess> NativeBuild = new(Publish);

    /// <summary>The program and the words before the command's own arguments (<c>dotnet mpsandbox.dll</c>, or the native executable).</summary>
    public string[] CommandLine => [_fileName, .. _prefix];

    /// <summary>Starts the command on a pseudo-terminal, as a person at a terminal starts it.</summary>
    public CliTerminal StartInTerminal(params string[] args) => CliTerminal.Start([_fileName, .. _prefix, .. args]);

    public (int ExitCode, string Stdout, string Stderr) Run(string? stdin, params string[] args) => RunIn(null, stdin, args);

    /// <summary>Runs the command in <paramref name="directory"/> (null: the test's own working directory).</summary>
    public (int ExitCode, string Stdout, string Stderr) RunIn(string? directory, string? stdin, params string[] args)
    {
        var (exitCode, stdout, stderr) = ProcessRunner.Run(_fileName, [.. _prefix, .. args], stdin, directory);
        return (exitCode, stdout, stderr);
    }

    private static CliProcess Publish()
    {
        if (Environment.GetEnvironmentVariable("MPSANDBOX_NATIVE_CLI") is { Length: > 0 } given) return new(given);

        string output = Path.Combine(AppContext.BaseDirectory, "native-cli");
        var publish = ProcessRunner.Run("dotnet", ["publish", Repository.PathOf("src", "MicroPython.Sandbox.Cli"), "-c", "Release", "-o", output, "--nologo", "-nodeReuse:false"],
            timeout: TimeSpan.FromMinutes(10));
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed:\n{publish.Output}");
        return new(Path.Combine(output, OperatingSystem.IsWindows() ? "mpsandbox.exe" : "mpsandbox"));
    }
}
