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
            "this Python has no slices with a step on str/bytes; for s[::-1] use ''.join(reversed(s)), for s[::2] use ''.join(s[i] for i in range(0, len(s), 2)) (lists support steps)."),
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

    /// <summary>The end of a traceback without the hint line this class added (so that parsing it again gives the same message).</summary>
    public static string WithoutHint(string text)
    {
        int last = text.LastIndexOf('\n');
        return last >= 0 && text.AsSpan(last + 1).StartsWith(Prefix, StringComparison.Ordinal) ? text[..last] : text;
    }

    /// <summary>Returns <paramref name="error"/> with a hint line added to its traceback when one fits; otherwise the same error.</summary>
    public static PythonError Annotate(PythonError error)
    {
        foreach (var (type, message, hint) in Table)
        {
            if (error.Type == type && error.Message == message)
                return error with { Traceback = error.Traceback.TrimEnd('\n') + "\n" + Prefix + hint + "\n" };
        }
        return error;
    }
}
