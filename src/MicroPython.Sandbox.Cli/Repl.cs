using System.Text;

namespace MicroPython.Sandbox.Cli;

/// <summary>
/// The interactive session <c>mpsandbox</c> starts on a terminal: one resident <see cref="PythonSession"/>, one
/// statement (or block) at a time, each under the command's limits. A statement that fails, hits a limit or is
/// stopped with Ctrl+C does not end the session; one that hits a limit or is stopped is rolled back.
/// With <c>--session FILE</c> the session starts as the file holds it and is saved to it after every statement that
/// counts (not after one rolled back), so closing the terminal or killing the process loses nothing typed before.
/// </summary>
/// <param name="options">The limits, for the banner.</param>
/// <param name="interrupts">Ctrl+C.</param>
/// <param name="sessionPath">The <c>--session</c> file, or null.</param>
/// <param name="session">The session to run in (restored from <paramref name="sessionPath"/>, or fresh); disposed by <see cref="Run"/>.</param>
internal sealed class Repl(SandboxOptions options, Interrupts interrupts, string? sessionPath, PythonSession session)
{
    private const string Prompt = ">>> ", ContinuationPrompt = "... ";

    public int Run()
    {
        using var owned = session;
        Console.WriteLine($"MicroPython {Version(session)} in mpsandbox; each statement: memory {Quantities.FormatSize(options.MemoryLimit)}, " +
            $"timeout {Quantities.FormatDuration(options.Timeout)}, {(options.MaxOutputBytes == Quantities.Unlimited ? "no output limit" : "output " + Quantities.FormatSize(options.MaxOutputBytes))}" +
            (options.Fuel is { } fuel ? $", fuel {fuel}" : "") + ". Ctrl+D to exit, Ctrl+C to stop a statement." +
            (sessionPath is null ? "" : $" Each statement is saved to {sessionPath}."));

        var editor = new LineEditor();
        while (ReadStatement(editor) is { } statement)
        {
            if (string.IsNullOrWhiteSpace(statement)) continue;
            var cancellation = interrupts.Begin();
            RunResult result;
            try
            {
                result = session.Run(statement, cancellation);
            }
            finally
            {
                interrupts.End();
            }
            Show(result);
            if (sessionPath is not null && RunCommand.ShouldSave(result) && SessionFile.Save(session, sessionPath) is { } problem)
            {
                // The statement ran; only keeping it failed. The session goes on, and the next statement tries again.
                Console.Error.WriteLine($"mpsandbox: {problem}");
            }
        }
        return ExitCodes.Success;
    }

    /// <summary>The next statement as typed, over as many lines as it needs; null when the user ends the session.</summary>
    private static string? ReadStatement(LineEditor editor)
    {
        var lines = new List<string>();
        while (true)
        {
            var (outcome, line) = editor.ReadLine(lines.Count == 0 ? Prompt : ContinuationPrompt);
            switch (outcome)
            {
                case LineEditor.Outcome.EndOfInput when lines.Count == 0:
                    return null;
                case LineEditor.Outcome.EndOfInput:
                    // Ctrl+D inside a block ends the block, as a blank line does.
                    return string.Join('\n', lines);
                case LineEditor.Outcome.Interrupt:
                    // Ctrl+C at the prompt drops what was typed of the statement, as in CPython.
                    Console.WriteLine("KeyboardInterrupt");
                    lines.Clear();
                    continue;
            }
            lines.Add(line);
            if (!Continuation.NeedsMore(lines)) return string.Join('\n', lines);
        }
    }

    private static void Show(RunResult result)
    {
        if (result.Status == RunStatus.Completed)
        {
            // As Python's own prompt: an expression's value is echoed, None is not.
            if (result.ValueRepr is { } repr && repr != "None") Console.WriteLine(repr);
            return;
        }
        var err = new StringBuilder();
        if (result.Status == RunStatus.Cancelled) err.Append("KeyboardInterrupt\n");
        else if (result.Error is { } error) err.Append(error.Traceback.TrimEnd('\n')).Append('\n');
        if (result.Status is not (RunStatus.PythonError or RunStatus.Cancelled) && result.Message is { } message)
            err.Append("mpsandbox: ").Append(message).Append('\n');
        if (result.RolledBack) err.Append("mpsandbox: the statement was rolled back; the session is as it was before it.\n");
        Console.Error.Write(err.ToString());
    }

    /// <summary>The interpreter's version, e.g. 1.27.0, asked of the session itself so the banner cannot go stale.</summary>
    private static string Version(PythonSession session)
    {
        var result = session.Run("'.'.join(str(n) for n in __import__('sys').implementation.version[:3])");
        return result.ValueRepr?.Trim('\'') ?? "";
    }
}
