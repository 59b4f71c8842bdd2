using System.Text;

namespace MicroPython.Sandbox.Cli;

/// <summary>
/// Reads one line at the interactive prompt, key by key, so that Ctrl+C can clear the line and Ctrl+D can end the
/// session: backspace, Ctrl+U (clear the line), Tab (four spaces) and the up and down arrows (history) are the only
/// editing there is. Ctrl+C only reaches it as a key: while a statement runs it is a signal that stops the statement.
/// </summary>
internal sealed class LineEditor
{
    private const int MaxHistory = 500;
    private readonly List<string> _history = [];

    public enum Outcome
    {
        Line,
        Interrupt,
        EndOfInput,
    }

    public (Outcome Outcome, string Line) ReadLine(string prompt)
    {
        Console.Write(prompt);
        var line = new StringBuilder();
        int recalled = _history.Count;
        Console.TreatControlCAsInput = true;
        try
        {
            while (true)
            {
                ConsoleKeyInfo key;
                try
                {
                    key = Console.ReadKey(intercept: true);
                }
                catch (InvalidOperationException)
                {
                    // The terminal went away.
                    Console.WriteLine();
                    return (Outcome.EndOfInput, "");
                }

                switch (key.KeyChar, key.Key)
                {
                    case ('\r' or '\n', _) or (_, ConsoleKey.Enter):
                        Console.WriteLine();
                        string text = line.ToString();
                        if (text.Trim().Length > 0 && (_history.Count == 0 || _history[^1] != text))
                        {
                            if (_history.Count == MaxHistory) _history.RemoveAt(0);
                            _history.Add(text);
                        }
                        return (Outcome.Line, text);
                    case ('\x03', _):
                        Console.WriteLine("^C");
                        return (Outcome.Interrupt, "");
                    case ('\x04', _):
                        if (line.Length > 0) break;
                        Console.WriteLine();
                        return (Outcome.EndOfInput, "");
                    case ('\x15', _):
                        Replace(line, "");
                        break;
                    case ('\b' or '\x7f', _) or (_, ConsoleKey.Backspace):
                        if (line.Length == 0) break;
                        int remove = line.Length >= 2 && char.IsLowSurrogate(line[^1]) ? 2 : 1;
                        line.Length -= remove;
                        Console.Write("\b \b");
                        break;
                    case (_, ConsoleKey.UpArrow):
                        if (recalled > 0) Replace(line, _history[--recalled]);
                        break;
                    case (_, ConsoleKey.DownArrow):
                        if (recalled < _history.Count) Replace(line, ++recalled == _history.Count ? "" : _history[recalled]);
                        break;
                    case ('\t', _):
                        line.Append("    ");
                        Console.Write("    ");
                        break;
                    default:
                        if (char.IsControl(key.KeyChar)) break;
                        line.Append(key.KeyChar);
                        Console.Write(key.KeyChar);
                        break;
                }
            }
        }
        finally
        {
            Console.TreatControlCAsInput = false;
        }
    }

    /// <summary>Erases the typed text on screen and shows <paramref name="text"/> instead.</summary>
    private static void Replace(StringBuilder line, string text)
    {
        Console.Write(new string('\b', line.Length) + new string(' ', line.Length) + new string('\b', line.Length) + text);
        line.Clear().Append(text);
    }
}
