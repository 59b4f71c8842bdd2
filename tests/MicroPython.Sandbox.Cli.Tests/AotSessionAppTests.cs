using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace MicroPython.Sandbox.Cli.Tests;

/// <summary>
/// samples/AotSessionApp (the README's session example) published as a Native AOT app, once per test run, and
/// run: typed host functions, async results, a module, globals and a record through a JsonSerializerContext must
/// work without reflection, and the library must not give the AOT compiler anything to warn about.
/// </summary>
[Trait("Category", "NativeAot")]
public sealed partial class AotSessionAppTests(AotSessionApp app) : IClassFixture<AotSessionApp>
{
    [AotAppFact]
    public void PublishingTheAotAppGivesNoTrimOrAotWarningsFromTheLibrary()
    {
        var ours = app.PublishOutput.Split('\n')
            .Where(line => WarningCode().IsMatch(line))
            .Select(line => ProjectSuffix().Replace(line.Trim(), ""))
            .Where(line => line.Contains("MicroPython.Sandbox", StringComparison.Ordinal) || line.Contains("AotSessionApp", StringComparison.Ordinal))
            .ToList();
        Assert.True(ours.Count == 0, "Trim/AOT warnings from the library or the app:\n" + string.Join('\n', ours));
        // The log is the AOT compiler's (it had the chance to warn), and it produced the app.
        Assert.Contains("Generating native code", app.PublishOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(app.Executable));
    }

    [AotAppFact]
    public void PublishedAotAppRunsTheReadmeSessionExample()
    {
        var (exitCode, stdout, stderr) = app.Run();
        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.DoesNotContain("FAIL", stdout, StringComparison.Ordinal);
        Assert.Contains("ok last expression: 12\n", stdout, StringComparison.Ordinal);
        Assert.Contains("ok ValueTask<T> in a module: 5\n", stdout, StringComparison.Ordinal);
        Assert.Contains("ok record parameter: 12\n", stdout, StringComparison.Ordinal);
        Assert.Contains("ok list result: [ann, bob]\n", stdout, StringComparison.Ordinal);
        Assert.Contains("ok unlisted record refused: True\n", stdout, StringComparison.Ordinal);
        Assert.EndsWith("ALL OK\n", stdout, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"warning IL[23]\d{3}")]
    private static partial Regex WarningCode();

    // MSBuild appends the project being built to each message; it names the app, not where the warning is.
    [GeneratedRegex(@"\s*\[[^\]]*\.csproj\]$")]
    private static partial Regex ProjectSuffix();
}

/// <summary>
/// Publishes samples/AotSessionApp once per test run into the test output folder. It uses a configuration of
/// its own, so that building the library for it never races the native CLI's Release publish (<see cref="CliProcess"/>).
/// </summary>
public sealed class AotSessionApp
{
    public const string Configuration = "AotTest";

    public AotSessionApp()
    {
        if (AotAppFactAttribute.SkipReason is not null) return;
        var project = Path.Combine(Repository.Root, "samples", "AotSessionApp");
        string intermediate = Path.Combine(project, "obj", Configuration);
        // The AOT compiler reports warnings only when it runs, and it runs only when its inputs changed; what it
        // said last time is kept here, so an unchanged app is checked against the warnings of its last compile.
        string log = Path.Combine(intermediate, "aot-compile.log");
        string output = Path.Combine(AppContext.BaseDirectory, "aot-session-app");
        for (int attempt = 0; ; attempt++)
        {
            var (exitCode, stdout, stderr) = Dotnet(TimeSpan.FromMinutes(15), "publish", project, "-c", Configuration, "-p:Optimize=true", "-o", output, "--nologo", "-nodeReuse:false");
            string text = stdout + "\n" + stderr;
            Assert.True(exitCode == 0, $"dotnet publish failed:\n{text}");
            if (text.Contains("Generating native code", StringComparison.Ordinal))
            {
                File.WriteAllText(log, text);
                PublishOutput = text;
                break;
            }
            if (File.Exists(log))
            {
                PublishOutput = File.ReadAllText(log);
                break;
            }
            // Compiled before, but its output was not kept: compile again.
            Assert.True(attempt == 0, "The AOT compiler did not run even after its output was removed.");
            foreach (var native in Directory.GetDirectories(intermediate, "native", SearchOption.AllDirectories)) Directory.Delete(native, recursive: true);
        }
        Executable = Path.Combine(output, OperatingSystem.IsWindows() ? "AotSessionApp.exe" : "AotSessionApp");
    }

    /// <summary>What the publish that last ran the AOT compiler printed.</summary>
    public string PublishOutput { get; } = "";

    public string Executable { get; } = "";

    public (int ExitCode, string Stdout, string Stderr) Run()
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the AOT app did not exit");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    internal static (int ExitCode, string Stdout, string Stderr) Dotnet(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, stdout.Result, stderr.Result + "\n(timed out)");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>
/// A fact that needs the Native AOT compiler package: skipped, with the reason, when that package is neither in
/// the NuGet cache nor restorable (offline machines). Decided once, when tests are discovered.
/// </summary>
public sealed class AotAppFactAttribute : FactAttribute
{
    internal static readonly string? SkipReason = FindSkipReason();

    public AotAppFactAttribute()
    {
        if (SkipReason is not null) Skip = SkipReason;
    }

    private static string? FindSkipReason()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string major = Environment.Version.Major + ".";
        bool cached = Directory.Exists(Path.Combine(packages, "microsoft.dotnet.ilcompiler"))
            && Directory.GetDirectories(Path.Combine(packages, "microsoft.dotnet.ilcompiler")).Any(d => Path.GetFileName(d).StartsWith(major, StringComparison.Ordinal));
        if (cached) return null;

        var project = Path.Combine(Repository.Root, "samples", "AotSessionApp");
        var (exitCode, stdout, stderr) = AotSessionApp.Dotnet(TimeSpan.FromMinutes(5), "restore", project, "--nologo", "-nodeReuse:false");
        if (exitCode == 0) return null;
        string output = stdout + stderr;
        return output.Contains("ilcompiler", StringComparison.OrdinalIgnoreCase)
            ? "The Native AOT compiler package (Microsoft.DotNet.ILCompiler) could not be restored, so the AOT sample app cannot be published here."
            : null; // Any other restore failure is a real failure: the publish will report it.
    }
}
