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
        """ + "\n" + Compat;

    /// <summary>
    /// The start-up half of the compatibility layer (the rest is the library at /usr/lib/python, loaded only when
    /// imported): the library on sys.path ahead of the frozen modules, CPython's OSError subclasses, <c>open</c>
    /// raising them for the errnos CPython maps, and <c>math</c> growing CPython's extra functions on first use.
    /// </summary>
    private const string Compat = """
        import builtins, sys
        sys.path.insert(1, '/usr/lib/python')
        def _compat():
            E = {}
            def text(self):
                a = self.args
                if len(a) < 2:
                    return OSError.__str__(self) if a else ''
                s = '[Errno %s] %s' % (a[0], a[1])
                f = getattr(self, 'filename', None)
                return s if f is None else s + ': ' + repr(f)
            def make(name, base, *codes):
                c = type(name, (base,), {'__str__': text})
                setattr(builtins, name, c)
                for n in codes:
                    E[n] = c
                return c
            make('FileNotFoundError', OSError, 2)
            make('FileExistsError', OSError, 17)
            make('PermissionError', OSError, 1, 13)
            make('IsADirectoryError', OSError, 21)
            make('NotADirectoryError', OSError, 20)
            make('InterruptedError', OSError, 4)
            make('BlockingIOError', OSError, 11)
            make('ProcessLookupError', OSError, 3)
            make('ChildProcessError', OSError, 10)
            make('TimeoutError', OSError, 110)
            c = make('ConnectionError', OSError)
            make('BrokenPipeError', c, 32)
            make('ConnectionAbortedError', c, 103)
            make('ConnectionRefusedError', c, 111)
            make('ConnectionResetError', c, 104)
            M = {2: 'No such file or directory', 17: 'File exists', 1: 'Operation not permitted', 13: 'Permission denied',
                 21: 'Is a directory', 20: 'Not a directory'}
            def oserror(e, filename, _E=E, _M=M):
                n = e.errno
                if type(e) is not OSError or n not in _E:
                    return e
                err = _E[n](n, _M.get(n, 'Error'))
                err.filename = filename
                return err
            def open(file, *args, _raw=builtins.open, _map=oserror, **kwargs):
                try:
                    return _raw(file, *args, **kwargs)
                except OSError as e:
                    err = _map(e, file)
                raise err
            builtins.open = open
            if not hasattr(builtins, 'format'):
                def format(value, format_spec=''):
                    return ('{:' + format_spec + '}').format(value) if format_spec else str(value)
                builtins.format = format
            # The library's os module maps the errors of its functions the same way.
            sys.modules['_mpsandbox'] = oserror
            # math is built in and cannot be extended by a file: a copy of it takes its place in sys.modules.
            __import__('_mathshim')
        _compat()
        del _compat, builtins, sys
        """;

    /// <summary>
    /// Answers the guest's call to the line reader: the next line of the run's standard input as a string in the
    /// value slot at <paramref name="outp"/>, or None at its end.
    /// </summary>
    public static void Answer(Interpreter interpreter, uint outp)
    {
        var run = interpreter.CurrentRun;
        var stdin = run?.Stdin;
        // What the guest printed (a prompt) reaches its stream before the wait for input.
        run?.FlushOutput();
        // A stream that may block (a console, a pipe) is read off the guest's thread, so a run waiting for input
        // still ends at its deadline; a memory stream never blocks.
        string? line = stdin is null or MemoryStream || run is null ? ReadLine(stdin) : run.WaitForHost(() => ReadLine(stdin));
        if (line is null)
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
