using System.Diagnostics;
using System.Text;

namespace MicroPython.Sandbox.TestKit;

/// <summary>What a finished process gave back.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output followed by standard error, for failure messages and tools that mix the two.</summary>
    public string Output => Stdout + Stderr;
}

/// <summary>Starts a program, feeds it standard input and collects its output, with a time limit.</summary>
internal static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> and waits for it to exit.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments, each passed as it is.</param>
    /// <param name="stdin">Text written to standard input before it is closed; null closes it at once.</param>
    /// <param name="workingDirectory">Where the process starts; null for this process's own.</param>
    /// <param name="timeout">How long it may run before it is killed and the test fails; a minute when null.</param>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string? stdin = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        // Both streams are read while the process runs: one that fills its pipe would otherwise block it forever.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        var limit = timeout ?? TimeSpan.FromMinutes(1);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', arguments)} did not finish in {limit}");
        }
        return new(process.ExitCode, stdout.Result, stderr.Result);
    }
}
