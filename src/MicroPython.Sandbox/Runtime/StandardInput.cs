using System.Text;
using MicroPython.Sandbox.Abi.Proxy;

namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// Standard input for <c>input()</c>. This build reads its console through a JavaScript event loop, so
/// <c>input()</c> would wait forever; start-up replaces it with a function that asks the host for a line
/// (<see cref="Prelude"/>): from <see cref="SandboxOptions.StandardInput"/>, or end of file when there is none,
/// so guest code gets EOFError as CPython gives with an empty stdin.
/// </summary>
internal static class StandardInput
{
    /// <summary>The name on the <c>js</c> namespace of the line reader, host reference <see cref="ProxyRefs.ReadLine"/>.</summary>
    public const string ReadLineName = "mpsandbox_read_line";

    /// <summary>Longest line handed to the guest; longer input is split into lines of this size.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    /// <summary>
    /// Python run once at start-up (and so captured in the start-up image), compiled under its own file
    /// name so a traceback through it does not point at a line of the user's code.
    /// </summary>
    public const string Prelude = "exec(compile('''" + PreludeBody + "''', '<mpsandbox>', 'exec'))";

    private const string PreludeBody = """
        import builtins, js
        def input(prompt=None, _read=js.mpsandbox_read_line):
            if prompt is not None:
                print(prompt, end='')
            line = _read()
            if line is None:
                raise EOFError('EOF when reading a line')
            return line
        builtins.input = input
        del builtins, js, input
        """;

    /// <summary>
    /// Answers the guest's call to the line reader: the next line of the run's standard input as a string in the
    /// value slot at <paramref name="outp"/>, or None at its end.
    /// </summary>
    public static void Answer(Interpreter interpreter, uint outp)
    {
        var run = interpreter.CurrentRun;
        if (ReadLine(run?.Stdin) is not { } line)
        {
            ValueSlot.At(interpreter.Memory, outp).WriteNull();
            return;
        }
        if (!interpreter.TryWriteString(outp, line)) throw run!.Stop(StopReason.GuestFault, "The input line does not fit in the sandbox's memory.");
    }

    /// <summary>Reads one line (without its end of line), or null at end of input.</summary>
    public static string? ReadLine(Stream? stream)
    {
        if (stream is null) return null;
        var line = new List<byte>();
        int b;
        while (line.Count < MaxLineBytes && (b = stream.ReadByte()) >= 0)
        {
            if (b == '\n') return Decode(line);
            line.Add((byte)b);
        }
        return line.Count == 0 ? null : Decode(line);
    }

    // Invalid UTF-8 becomes U+FFFD: the interpreter assumes its strings are valid UTF-8.
    private static string Decode(List<byte> line)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(line);
        if (span.Length > 0 && span[^1] == '\r') span = span[..^1];
        return Encoding.UTF8.GetString(span);
    }
}
