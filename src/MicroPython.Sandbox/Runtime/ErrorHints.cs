namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// Errors that teach: some of CPython's behaviour is missing from MicroPython's C core and cannot be added by
/// the Python library (slices with a step on str, some str methods, ...). When an uncaught error is one of
/// those, its traceback gets one more line saying what works instead. The type and message stay as the
/// interpreter wrote them; only the traceback grows.
/// </summary>
internal static class ErrorHints
{
    /// <summary>The prefix of the added line.</summary>
    public const string Prefix = "Hint: ";

    private static readonly (string Type, string Message, string Hint)[] Table =
    [
        ("NotImplementedError", "only slices with step=1 (aka None) are supported",
            "slices with a step on str/bytes work here only in the program's own code, not in code run by exec()/eval() or imported from a file; there use ''.join(reversed(s)) for s[::-1] and ''.join(list(s)[::2]) for s[::2]."),
        ("AttributeError", "'str' object has no attribute 'swapcase'",
            "str.swapcase is missing here; use ''.join(c.lower() if c.isupper() else c.upper() for c in s)."),
        ("AttributeError", "'str' object has no attribute 'title'",
            "str.title is missing here; use ' '.join(w[:1].upper() + w[1:].lower() for w in s.split(' '))."),
        ("AttributeError", "'str' object has no attribute 'capitalize'",
            "str.capitalize is missing here; use s[:1].upper() + s[1:].lower()."),
        ("AttributeError", "'str' object has no attribute 'casefold'",
            "str.casefold is missing here; use s.lower()."),
        ("AttributeError", "'str' object has no attribute 'zfill'",
            "str.zfill is missing here; use format(s, '0>10') or f'{s:0>10}' (f'{n:010d}' for numbers)."),
        ("AttributeError", "'str' object has no attribute 'expandtabs'",
            "str.expandtabs is missing here; use s.replace('\\t', ' ' * 8)."),
        ("AttributeError", "'str' object has no attribute 'removeprefix'",
            "str.removeprefix is missing here; use s[len(p):] if s.startswith(p) else s."),
        ("AttributeError", "'str' object has no attribute 'removesuffix'",
            "str.removesuffix is missing here; use s[:-len(p)] if p and s.endswith(p) else s."),
        ("AttributeError", "'str' object has no attribute 'translate'",
            "str.translate is missing here; use ''.join(table.get(ord(c), c) for c in s), or string.translate."),
        ("AttributeError", "'str' object has no attribute 'maketrans'",
            "str.maketrans is missing here; build a dict {ord(a): b} by hand."),
        ("AttributeError", "'str' object has no attribute 'isalnum'",
            "str.isalnum is missing here; use all(c.isalpha() or c.isdigit() for c in s)."),
        ("AttributeError", "'str' object has no attribute 'isdecimal'",
            "str.isdecimal is missing here; use s.isdigit()."),
        ("AttributeError", "'str' object has no attribute 'isnumeric'",
            "str.isnumeric is missing here; use s.isdigit()."),
        ("AttributeError", "'str' object has no attribute 'isidentifier'",
            "str.isidentifier is missing here; check the characters with isalpha()/isdigit() and '_'."),
        ("AttributeError", "'str' object has no attribute 'isprintable'",
            "str.isprintable is missing here; use all(' ' <= c != '\\x7f' for c in s)."),
        ("AttributeError", "'str' object has no attribute 'format_map'",
            "str.format_map is missing here; use s.format(**mapping)."),
        ("ValueError", "dict update sequence has wrong length",
            "dict(x) and dict.update(x) take no dict subclasses here (Counter, defaultdict, OrderedDict, csv and json rows): use dict(x.items())."),
        ("AttributeError", "'str' object has no attribute 'ljust'",
            "str.ljust is missing here; use f'{s:<10}' or format(s, '<10') (f'{s:*<10}' to pad with '*')."),
        ("AttributeError", "'str' object has no attribute 'rjust'",
            "str.rjust is missing here; use f'{s:>10}' or format(s, '>10') (f'{s:0>10}' to pad with '0')."),
        ("AttributeError", "'int' object has no attribute 'bit_length'",
            "int.bit_length is missing here; use len(bin(abs(n))) - 2 (0 for n == 0)."),
        ("AttributeError", "'int' object has no attribute 'bit_count'",
            "int.bit_count is missing here; use bin(n).count('1')."),
        ("TypeError", "function doesn't take keyword arguments",
            "this built-in (or a class keyword such as metaclass=) takes no keyword arguments here; pass them by position."),
        ("NotImplementedError", "format string didn't specify precision",
            "this format spec is not supported here; use an explicit precision such as {:.2f}."),
    ];

    /// <summary>Hints for messages that vary (argument counts, attribute names on user classes), matched by a test.</summary>
    private static readonly (string Type, Func<string, bool> Matches, string Hint)[] Patterns =
    [
        ("TypeError", m => m.StartsWith("function takes ", StringComparison.Ordinal) && m.Contains(" positional arguments but ", StringComparison.Ordinal),
            "if this is a built-in method, it takes fewer arguments here than in CPython: str.center/ljust/rjust take no fill character (use f'{s:*^9}', f'{s:*<9}', f'{s:*>9}'), set.union/intersection/difference/update take one set (use a | b | c or chain the calls), dict.get/pop take at most a key and a default."),
        ("AttributeError", m => m.EndsWith(" has no attribute '__cause__'", StringComparison.Ordinal) || m.EndsWith(" has no attribute '__context__'", StringComparison.Ordinal) || m.EndsWith(" has no attribute '__suppress_context__'", StringComparison.Ordinal),
            "exceptions here do not record a cause or context (raise X from e keeps only X); keep it yourself: err = MyError(...); err.cause = e; raise err (built-in exceptions take no new attributes: subclass them)."),
        ("AttributeError", m => m.EndsWith(" has no attribute 'add_note'", StringComparison.Ordinal) || m.EndsWith(" has no attribute '__notes__'", StringComparison.Ordinal),
            "exception notes are missing here; put the text in the message: raise type(e)(f'{e} (note)')."),
    ];

    /// <summary>Hints for syntax MicroPython lacks, chosen by the text of the line the SyntaxError points at.</summary>
    private static string? SyntaxHint(string message, string? line)
    {
        string text = line?.Trim() ?? "";
        if (message == "invalid syntax" && text.EndsWith(':') && (text.StartsWith("match ", StringComparison.Ordinal) || text.StartsWith("case ", StringComparison.Ordinal)))
            return "this Python has no match statement; write it with if/elif: compare values (if cmd == 'quit':), test types (elif isinstance(shape, Circle):) and unpack sequences by hand (elif len(parts) == 2 and parts[0] == 'go': direction = parts[1]).";
        if (message == "*x must be assignment target")
            return "starred items in displays work here only in the program's own code, not in a subscript or in code run by exec()/eval() or imported from a file; there use list(a) + list(b), or dict(a, **b) / d = dict(a); d.update(b).";
        if (message == "invalid syntax" && text.Contains("{**", StringComparison.Ordinal))
            return "{**a} displays work here only in the program's own code, not in code run by exec()/eval() or imported from a file; there use d = dict(a); d.update(b).";
        return null;
    }

    /// <summary>The end of a traceback without the hint line this class added (so that parsing it again gives the same message).</summary>
    public static string WithoutHint(string text)
    {
        int last = text.LastIndexOf('\n');
        return last >= 0 && text.AsSpan(last + 1).StartsWith(Prefix, StringComparison.Ordinal) ? text[..last] : text;
    }

    /// <summary>
    /// Returns <paramref name="error"/> with a hint line added to its traceback when one fits; otherwise the same error.
    /// <paramref name="source"/> (the UTF-8 source that ran, when known) lets a SyntaxError's hint depend on its line.
    /// </summary>
    public static PythonError Annotate(PythonError error, ReadOnlySpan<byte> source = default)
    {
        if (HintFor(error, source) is { } hint)
            return error with { Traceback = error.Traceback.TrimEnd('\n') + "\n" + Prefix + hint + "\n" };
        return error;
    }

    private static string? HintFor(PythonError error, ReadOnlySpan<byte> source)
    {
        foreach (var (type, message, hint) in Table)
        {
            if (error.Type == type && error.Message == message) return hint;
        }
        // str.maketrans and friends looked up on the type: the same hint as on an instance.
        const string OnType = "type object 'str' has no attribute ";
        if (error.Type == "AttributeError" && error.Message.StartsWith(OnType, StringComparison.Ordinal))
        {
            string onInstance = "'str' object has no attribute " + error.Message[OnType.Length..];
            foreach (var (type, message, hint) in Table)
                if (type == "AttributeError" && message == onInstance) return hint;
        }
        foreach (var (type, matches, hint) in Patterns)
        {
            if (error.Type == type && matches(error.Message)) return hint;
        }
        if (error.Type == "SyntaxError")
            return SyntaxHint(error.Message, error.Line is int line ? LineOf(source, line) : null);
        return null;
    }

    /// <summary>Line <paramref name="number"/> (1-based) of <paramref name="source"/>, or null when it has none.</summary>
    private static string? LineOf(ReadOnlySpan<byte> source, int number)
    {
        for (int i = 1; i < number; i++)
        {
            int end = source.IndexOf((byte)'\n');
            if (end < 0) return null;
            source = source[(end + 1)..];
        }
        int stop = source.IndexOf((byte)'\n');
        return System.Text.Encoding.UTF8.GetString(stop < 0 ? source : source[..stop]);
    }
}
