using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace MicroPython.Sandbox.Cli.Tests;

/// <summary>
/// A command running on a pseudo-terminal (made by <c>script</c> from util-linux): keys typed in, the screen's
/// text read back, as a person sees it. Ctrl+C typed here reaches the command as the terminal's interrupt signal.
/// </summary>
public sealed partial class CliTerminal : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _screen = new();
    private readonly Task _reader;
    private int _seen;

    private CliTerminal(Process process)
    {
        _process = process;
        _reader = Task.Run(async () =>
        {
            var decoder = Encoding.UTF8.GetDecoder();
            var bytes = new byte[4096];
            var chars = new char[4096];
            int n;
            while ((n = await process.StandardOutput.BaseStream.ReadAsync(bytes)) > 0)
            {
                int count = decoder.GetChars(bytes, 0, n, chars, 0);
                lock (_screen) _screen.Append(chars, 0, count);
            }
        });
    }

    public static CliTerminal Start(IReadOnlyList<string> command)
    {
        // script -q (no banner) -f (flush as written) -e (its exit code is the command's) -c COMMAND, no typescript file.
        // script runs COMMAND through $SHELL; "exec" makes the command the terminal's only process whatever that shell
        // is. A shell left in between (dash keeps one) would take the terminal's Ctrl+C too, die of it, and be what
        // script reports the exit code of.
        var start = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "-qfec", "exec " + string.Join(' ', command.Select(Quote)), "/dev/null" }) start.ArgumentList.Add(a);
        start.Environment["TERM"] = "xterm";
        return new CliTerminal(Process.Start(start)!);
    }

    /// <summary>Everything shown so far, with line ends as "\n" and terminal control sequences removed.</summary>
    public string Transcript
    {
        get
        {
            lock (_screen) return Clean(_screen.ToString());
        }
    }

    /// <summary>Types <paramref name="keys"/> (a line ends with "\r", as the Enter key sends it).</summary>
    public void Type(string keys)
    {
        _process.StandardInput.Write(keys);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits until <paramref name="text"/> appears after what earlier calls waited for, and moves past it.</summary>
    public void Expect(string text)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            string screen = Transcript;
            int at = screen.IndexOf(text, _seen, StringComparison.Ordinal);
            if (at >= 0)
            {
                _seen = at + text.Length;
                return;
            }
            Assert.True(DateTime.UtcNow < deadline && !_process.HasExited, $"'{text}' did not appear. The terminal shows:\n{screen[_seen..]}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Types a line and waits for the command to show it back.</summary>
    public void TypeLine(string line)
    {
        Type(line + "\r");
        Expect(line + "\n");
    }

    public int WaitForExit()
    {
        Assert.True(_process.WaitForExit(Patience), $"The command did not exit. The terminal shows:\n{Transcript}");
        _reader.Wait(Patience);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Clean(string screen) => ControlSequence().Replace(screen, "").Replace("\r\n", "\n", StringComparison.Ordinal);

    // CSI sequences (ESC [ ... letter) and the two-character ones such as ESC = (keypad mode).
    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|[=>])")]
    private static partial Regex ControlSequence();
}
