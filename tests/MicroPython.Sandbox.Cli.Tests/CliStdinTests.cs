using System.Diagnostics;

namespace MicroPython.Sandbox.Cli.Tests;

/// <summary>The run's time limit holds while <c>input()</c> waits on a standard input that never delivers.</summary>
public class CliStdinTests
{
    [Fact]
    public void InputFromAStdinThatStaysOpenEndsAtTheTimeLimit()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "mpsandbox.dll"), "--timeout", "1s", "-c", "input()" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        // Standard input stays open and empty, as `sleep 6 | mpsandbox ...` or a terminal nobody types into.
        var stderr = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(TimeSpan.FromSeconds(20));
        if (!exited) process.Kill(entireProcessTree: true);
        process.StandardInput.Close();

        Assert.True(exited, "mpsandbox kept waiting for standard input past its time limit");
        Assert.Equal(4, process.ExitCode); // ExitCodes.TimeLimit
        Assert.Contains("time limit", stderr.Result, StringComparison.Ordinal);
    }
}
