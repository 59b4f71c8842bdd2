using System.Text;
using System.Text.Json;

namespace MicroPython.Sandbox.Cli;

/// <summary>How a run's result reaches the console: as text, as a person reads it, or as the JSON <see cref="RunReport"/>.</summary>
internal static class ConsoleReport
{
    public static void Write(RunResult result, bool asJson, Stream stdout, Stream stderr)
    {
        if (asJson)
        {
            RunReport.From(result).WriteTo(stdout, new JsonWriterOptions { Indented = true });
            stdout.Write("\n"u8);
            return;
        }
        stdout.Write(Encoding.UTF8.GetBytes(result.Stdout));
        stderr.Write(Encoding.UTF8.GetBytes(result.Stderr + Problem(result)));
    }

    /// <summary>
    /// What went wrong, for stderr: the traceback as the official MicroPython WebAssembly CLI prints it (followed by
    /// a blank line), and the host's explanation when a limit or a fault stopped the run; empty for a completed run.
    /// </summary>
    public static string Problem(RunResult result)
    {
        var err = new StringBuilder();
        if (result.Error is { } error && result.Status != RunStatus.Completed) err.Append(error.Traceback).Append('\n');
        if (result.Status is not (RunStatus.Completed or RunStatus.PythonError) && result.Message is { } message)
            err.Append("mpsandbox: ").Append(message).Append('\n');
        return err.ToString();
    }

    /// <summary>A one-line usage error on stderr, and the exit code for it.</summary>
    public static int Usage(string message)
    {
        Console.Error.WriteLine($"mpsandbox: {message.TrimEnd('.')} (see mpsandbox --help)");
        return ExitCodes.Usage;
    }

    /// <summary>A problem with the <c>--session</c> file on stderr, and the exit code for it.</summary>
    public static int SessionFile(string message)
    {
        Console.Error.WriteLine($"mpsandbox: {message}");
        return ExitCodes.SessionFile;
    }
}
