using System.Diagnostics;
using System.Text;

namespace MicroPython.Sandbox.Tests;

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

    public (int ExitCode, string Stdout, string Stderr) Run(string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo(_fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in _prefix) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "mpsandbox did not exit");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static CliProcess Publish()
    {
        if (Environment.GetEnvironmentVariable("MPSANDBOX_NATIVE_CLI") is { Length: > 0 } given) return new(given);

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MicroPython.Sandbox.slnx"))) root = root.Parent;
        Assert.True(root is not null, "The repository root was not found above the test assembly.");
        string output = Path.Combine(AppContext.BaseDirectory, "native-cli");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "publish", Path.Combine(root.FullName, "src", "MicroPython.Sandbox.Cli"), "-c", "Release", "-o", output, "--nologo", "-nodeReuse:false" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(600_000), "dotnet publish did not finish");
        Assert.True(process.ExitCode == 0, $"dotnet publish failed:\n{stdout.Result}\n{stderr}");
        return new(Path.Combine(output, OperatingSystem.IsWindows() ? "mpsandbox.exe" : "mpsandbox"));
    }
}
