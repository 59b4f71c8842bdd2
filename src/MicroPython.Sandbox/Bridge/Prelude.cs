using System.Globalization;
namespace MicroPython.Sandbox.Bridge;

/// <summary>
/// Python installed once in every session interpreter. It defines, inside one function so that nothing
/// lands in the user's globals, the helpers the host calls (run with last-expression value, globals
/// access, function installation) and hands them to the host through <c>keep</c>. Values cross as JSON
/// (the C-implemented <c>json</c> module) with tagged objects for what JSON lacks: bytes, tuples,
/// non-finite floats, dicts holding the tag key and values that cannot be converted.
/// </summary>
internal static class Prelude
{
    /// <summary>The file name of prelude frames, which the host strips from tracebacks.</summary>
    public const string FileName = "<mpsandbox>";

    /// <summary>The module name of the host object (a JsProxy) that the prelude talks to.</summary>
    public const string HostModule = "_mpsandbox_host";

    /// <summary>How many callables the prelude hands to <c>keep</c> (one per <see cref="PreludeEntry"/>).</summary>
    public const int EntryCount = 7;

    /// <summary>How many callables a snapshot saved before <see cref="PreludeEntry.Collect"/> existed holds.</summary>
    public const int LegacyEntryCount = 6;

    /// <summary>
    /// What the host runs with <c>mp_js_do_exec</c>: it fetches <see cref="Source"/> and runs it as
    /// <see cref="FileName"/> with a private dict as its globals, so the helpers are fast global lookups
    /// (closures over many cells are slow in MicroPython) and stay out of the user's namespace.
    /// </summary>
    public const string Loader = "import " + HostModule + "\nexec(compile(" + HostModule + ".source(), '" + FileName + "', 'exec'), {'_mps_main': globals()})\ndel " + HostModule + "\n";

    /// <summary>Names the generated wrappers use; parameters must not start with it.</summary>
    public const string Reserved = "_mps_";

    public static string Source(int maxDepth) => $$"""
import sys
sys.path, _p = [], sys.path; from json import dumps as _mps_cdumps, loads; from gc import collect as _mps_collect; sys.path = _p
import {{HostModule}} as H
g = _mps_main
_mps_hcall = H.call
hfetch = H.fetch
hresult = H.result
_mps_U = type(H.undefined)
_mps_type = type
_mps_int = int
_mps_P = (str, float, bool, type(None))
Z = '\x00'
D = {{maxDepth}}
inf = float('inf')
S = (str, int, bool, type(None))
C = (list, dict)

try:
    from _mpsandbox_jsonpieces import dumps as _fdumps
except ImportError:
    # The library is hidden (a host mount or file under /usr): values are encoded whole.
    def _fdumps(o, _d):
        return _d(o)

def dumps(o):
    return _fdumps(o, _mps_cdumps)

class _mps_Missing:
    pass
_mps_M = _mps_Missing()

class HostError(Exception):
    def __init__(self, type, message):
        super().__init__(type + ': ' + message)
        self.type = type
        self.message = message

class mpsandbox:
    pass
mpsandbox.HostError = HostError
sys.modules['mpsandbox'] = mpsandbox
errors = {'TypeError': TypeError, 'ValueError': ValueError, 'OverflowError': OverflowError,
          'RuntimeError': RuntimeError, 'KeyError': KeyError, 'MemoryError': MemoryError}

def enc(v, d):
    t = type(v)
    if t is str or t is int or t is bool or v is None:
        return v
    if t is float:
        if v != v or v == inf or v == -inf:
            return {Z: 'f', 'v': repr(v)}
        return v
    if v is _mps_M:
        return {Z: 'm', 'v': None}
    if d >= D:
        raise ValueError('value nested deeper than %d levels' % D)
    if t is list:
        return [x if type(x) in S else enc(x, d + 1) for x in v]
    if t is tuple:
        return {Z: 't', 'v': [x if type(x) in S else enc(x, d + 1) for x in v]}
    if t is dict:
        o = {}
        for k in v:
            if type(k) is not str:
                return {Z: 'x', 'v': 'dict with ' + type(k).__name__ + ' keys'}
            x = v[k]
            o[k] = x if type(x) in S else enc(x, d + 1)
        if Z in o:
            return {Z: 'd', 'v': [[k, o[k]] for k in o]}
        return o
    if t is bytes or t is bytearray:
        return {Z: 'b', 'v': v.hex()}
    return {Z: 'x', 'v': t.__name__}

def dec(v):
    t = type(v)
    if t is list:
        return [dec(x) if type(x) in C else x for x in v]
    if t is dict:
        k = v.get(Z)
        if k is None:
            for n in v:
                x = v[n]
                if type(x) in C:
                    v[n] = dec(x)
            return v
        x = v['v']
        if k == 'b':
            return bytes.fromhex(x)
        if k == 't':
            return tuple([dec(y) for y in x])
        if k == 'f':
            return float(x)
        return {n: dec(y) for n, y in x}
    return v

def load(p):
    if p[0] == 'v':
        return loads(p[1:])
    if p[0] == 't':
        return dec(loads(p[1:]))
    e = loads(p[1:])
    if e[0] == 'HostError':
        raise HostError(e[1], e[2])
    raise errors.get(e[0], RuntimeError)(e[2])

def _mps_fin():
    return load(hfetch())

def _mps_slow(fid, a, k=None):
    r = _mps_hcall(dumps([fid, enc(a, 0), enc(k or {}, 0)]))
    if type(r) is _mps_U:
        return _mps_fin()
    return r

def define(fid, name, module, src):
    g2 = globals()
    g2['_mps_f%d' % fid] = getattr(H, 'f%d' % fid)
    l = {}
    exec(src, g2, l)
    w = l[name]
    if module:
        m = sys.modules.get(module)
        if m is None or getattr(m, '__mpsandbox__', False) is not True:
            m = type(module, (), {'__mpsandbox__': True})
            sys.modules[module] = m
        setattr(m, name, w)
    else:
        g[name] = w

def report(v):
    try:
        p = dumps(enc(v, 0))
    except Exception:
        p = None
    hresult(repr(v), p)

# Interns the name run() binds: interning a new name changes the session's memory, and a run that only reads the
# state must not (a host stores a session only when its snapshot changes).
def _mps_names(__mpsandbox_value__=None):
    pass

def run(src, *c):
    i = 0
    while i < len(c):
        s = c[i]
        n = c[i + 1]
        i += 2
        t = src[s:]
        try:
            compile(t, '<stdin>', 'eval')
            t = compile('\n' * n + '__mpsandbox_value__ = (' + t + '\n)', '<stdin>', 'exec')
            h = compile(src[:s], '<stdin>', 'exec')
        except SyntaxError:
            continue
        exec(h, g)
        l = {}
        exec(t, g, l)
        report(l['__mpsandbox_value__'])
        return
    exec(compile(src, '<stdin>', 'exec'), g)

def getglobal(name):
    report(g[name])

def setglobal(name, p):
    g[name] = load(p)

def delglobal(name):
    del g[name]

def callfunction(name, p):
    if name not in g:
        raise NameError("name '%s' isn't defined" % name)
    report(g[name](*load(p)))

H.keep(run, getglobal, setglobal, define, delglobal, callfunction, _mps_collect)  # PreludeEntry order
""";

    private static readonly HashSet<string> Keywords =
    [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ];

    /// <summary>
    /// The Python wrapper for a host function: a <c>def</c> with the delegate's own parameter names (so
    /// Python binds keywords and checks arity itself, without allocating), optional parameters defaulting
    /// to a "missing" marker the host replaces with the .NET default. Scalars that fit a proxy slot go
    /// straight to the host; anything else (containers, bytes, big ints, a missing argument) goes as JSON.
    /// </summary>
    public static string Wrapper(HostFunction fn)
    {
        string name = fn.Name, f = Reserved + "f" + fn.Id, id = fn.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var names = fn.Parameters.Select(p => p.Name).ToArray();
        // A placeholder takes any arguments and goes to the host, which raises the error that says it is missing.
        bool usable = !fn.IsMissing && names.All(n => IsIdentifier(n) && !n.StartsWith(Reserved, StringComparison.Ordinal)) && names.Distinct().Count() == names.Length;
        var sb = new System.Text.StringBuilder();
        if (!usable)
        {
            sb.Append(CultureInfo.InvariantCulture, $"def {name}(*a, **k):\n    return {Reserved}slow({id}, a, k)\n");
            return sb.ToString();
        }
        string signature = string.Join(", ", fn.Parameters.Select(p => p.HasDefault ? $"{p.Name}={Reserved}M" : p.Name));
        string tuple = names.Length == 1 ? $"({names[0]},)" : $"({string.Join(", ", names)})";
        string slow = $"return {Reserved}slow({id}, {tuple})";
        sb.Append(CultureInfo.InvariantCulture, $"def {name}({signature}):\n");

        // One branch per number of optional arguments given, so trailing defaults stay on the fast path.
        int required = fn.Parameters.TakeWhile(p => !p.HasDefault).Count();
        var optional = names.Skip(required).ToArray();
        if (fn.Parameters.Skip(required).Any(p => !p.HasDefault))
        {
            sb.Append(CultureInfo.InvariantCulture, $"    {slow}\n");
            return sb.ToString();
        }
        for (int given = 0; given <= optional.Length; given++)
        {
            string indent = optional.Length == 0 ? "    " : "        ";
            if (optional.Length > 0)
            {
                sb.Append(given < optional.Length
                    ? $"    {(given == 0 ? "if" : "elif")} {optional[given]} is {Reserved}M:\n"
                    : "    else:\n");
                var later = optional.Skip(given + 1).Select(o => $"{o} is not {Reserved}M").ToArray();
                if (given < optional.Length && later.Length > 0) sb.Append(CultureInfo.InvariantCulture, $"{indent}if {string.Join(" or ", later)}:\n{indent}    {slow}\n");
            }
            var passed = names.Take(required + given).ToArray();
            if (passed.Length > 0)
            {
                var checks = passed.Select(n => $"({Reserved}type({n}) is {Reserved}int and -2147483648 <= {n} <= 2147483647 or {Reserved}type({n}) in {Reserved}P)");
                sb.Append(CultureInfo.InvariantCulture, $"{indent}if not ({string.Join(" and ", checks)}):\n{indent}    {slow}\n");
            }
            sb.Append(CultureInfo.InvariantCulture, $"{indent}r = {f}({string.Join(", ", passed)})\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"    if {Reserved}type(r) is {Reserved}U:\n        return {Reserved}fin()\n");
        sb.Append("    return r\n");
        return sb.ToString();
    }

    /// <summary>True for an ASCII Python identifier that is not a keyword.</summary>
    public static bool IsIdentifier(string n) => n.Length > 0 && !Keywords.Contains(n)
        && (char.IsAsciiLetter(n[0]) || n[0] == '_') && n.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
