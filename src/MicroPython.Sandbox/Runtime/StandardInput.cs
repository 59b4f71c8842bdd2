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
            # This build has no format() built-in: str.format does the work (grouping added below).
            def plain_format(value, format_spec=''):
                return ('{:' + format_spec + '}').format(value) if format_spec else str(value)
            # Displays with unpacking ({**a, **b}, [*a, x], ...), which the compiler rejects, are rewritten by the host
            # into calls on this builder (SourceRewriter.cs); it unpacks in CPython's order and ends in a plain value.
            class display:
                def __init__(self, kind):
                    self.k = kind
                    self.v = {} if kind == 3 else set() if kind == 2 else []
                def a(self, value):
                    if self.k == 2:
                        self.v.add(value)
                    else:
                        self.v.append(value)
                    return self
                def x(self, items):
                    if self.k == 2:
                        self.v.update(items)
                    else:
                        self.v.extend(items)
                    return self
                def kv(self, key, value):
                    self.v[key] = value
                    return self
                def m(self, mapping):
                    if type(mapping) is dict:
                        self.v.update(mapping)
                        return self
                    try:
                        keys = mapping.keys
                    except AttributeError:
                        raise TypeError("'%s' object is not a mapping" % type(mapping).__name__)
                    v = self.v
                    for key in keys():
                        v[key] = mapping[key]
                    return self
                def end(self):
                    return tuple(self.v) if self.k == 1 else self.v
            setattr(builtins, '__mpsandbox_display__', display)
            # Slices with a step read from a value (s[::-1]) are rewritten by the host into calls of this function:
            # MicroPython slices lists with a step, but not str, bytes or bytearray.
            def stepped(value, start, stop, step, _types=(str, bytes, bytearray)):
                t = type(value)
                if step is None or step == 1 or t not in _types:
                    return value[start:stop:step]
                items = list(value)[start:stop:step]
                return ''.join(items) if t is str else t(items)
            setattr(builtins, '__mpsandbox_slice__', stepped)
            # MicroPython sorts with an unstable quicksort that calls the key on every comparison; CPython's sort is
            # stable and calls the key once per item. sorted() is replaced, and list.sort calls are rewritten by the
            # host into calls of sort_list below. Items are decorated with their position, so ties keep their order
            # (reverse=True too, as in CPython) and the items themselves are never compared once keys are equal.
            # MicroPython compares tuples with > (it swaps a < b to b > a), so keys of a class that defines only __lt__
            # (enough for CPython's sort) are decorated with this class instead, which compares them with < alone.
            class ordered:
                def __init__(self, key, index):
                    self.k = key
                    self.i = index
                def __lt__(self, other):
                    if self.k < other.k:
                        return True
                    if other.k < self.k:
                        return False
                    return self.i < other.i
            def sorted(iterable, *, key=None, reverse=False, _plain=(int, str), _builtin=(int, float, str, bytes, tuple, list, bool), _ordered=ordered):
                items = list(iterable)
                n = len(items)
                if n < 2:
                    return items
                if key is None:
                    for x in items:
                        if type(x) not in _plain:
                            break
                    else:
                        # Equal ints or strs cannot be told apart: the order of ties does not show.
                        items.sort(reverse=reverse)
                        return items
                    keys = items
                else:
                    keys = [key(x) for x in items]
                # As CPython, reverse=True sorts the reversed items ascending and reverses back: only < is used and
                # ties keep their order (the position is negated for that).
                sign = -1 if reverse else 1
                for k in keys:
                    if type(k) not in _builtin:
                        pairs = [_ordered(keys[i], sign * i) for i in range(n)]
                        pairs.sort()
                        order = [sign * p.i for p in pairs]
                        break
                else:
                    pairs = [(keys[i], sign * i) for i in range(n)]
                    pairs.sort()
                    order = [sign * p[1] for p in pairs]
                if reverse:
                    order.reverse()
                return [items[i] for i in order]
            builtins.sorted = sorted
            def sort_list(value, *args, _stable=sorted, **kwargs):
                if type(value) is not list:
                    return value.sort(*args, **kwargs)
                if args:
                    raise TypeError('sort() takes no positional arguments')
                value[:] = _stable(value, **kwargs)
            setattr(builtins, '__mpsandbox_sort__', sort_list)
            # Calls of str/set/int/float methods MicroPython lacks (or takes fewer arguments for) are rewritten by the
            # host into calls of this function; the library module with their code loads on the first such call.
            def method(obj, name, *args, _impl=[], **kwargs):
                if not _impl:
                    _impl.append(__import__('_mpsandbox_methods').call)
                return _impl[0](obj, name, args, kwargs)
            setattr(builtins, '__mpsandbox_method__', method)
            # MicroPython groups the digits of ints ({:,}) but silently not of floats ({:,.2f}): this format() does, and
            # the host rewrites f-string fields with grouping into calls of it (SourceRewriter.cs).
            def format(value, format_spec='', _native=getattr(builtins, 'format', plain_format)):
                t = type(value)
                sep = ',' if ',' in format_spec else '_' if '_' in format_spec else None
                if sep is None or (t is not float and t is not int):
                    return _native(value, format_spec)
                spec = format_spec
                fill, align, i = ' ', '>', 0
                if len(spec) >= 2 and spec[1] in '<>^=':
                    fill, align, i = spec[0], spec[1], 2
                elif spec[:1] in ('<', '>', '^', '='):
                    align, i = spec[0], 1
                sign = ''
                if spec[i:i + 1] in ('+', '-', ' '):
                    sign, i = spec[i], i + 1
                if spec[i:i + 1] in ('#', '0'):
                    return _native(value, format_spec)
                j = i
                while j < len(spec) and spec[j] in '0123456789':
                    j += 1
                width = int(spec[i:j]) if j > i else 0
                if spec[j:j + 1] != sep:
                    return _native(value, format_spec)
                rest = spec[j + 1:]
                if t is int and rest in ('', 'd'):
                    return _native(value, format_spec)
                body = _native(value, sign + rest)
                lead = body[0] if body[:1] in ('+', '-', ' ') else ''
                num = body[len(lead):]
                k = 0
                while k < len(num) and num[k] in '0123456789':
                    k += 1
                digits = num[:k]
                groups = []
                while len(digits) > 3:
                    groups.append(digits[-3:])
                    digits = digits[:-3]
                groups.append(digits)
                groups.reverse()
                text = lead + sep.join(groups) + num[k:]
                pad = width - len(text)
                if pad <= 0:
                    return text
                if align == '<':
                    return text + fill * pad
                if align == '^':
                    return fill * (pad // 2) + text + fill * (pad - pad // 2)
                if align == '=':
                    return lead + fill * pad + text[len(lead):]
                return fill * pad + text
            builtins.format = format
            setattr(builtins, '__mpsandbox_format__', format)
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
