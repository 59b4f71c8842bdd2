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

    /// <summary>Order of the callables handed to <c>keep</c>.</summary>
    public const int Run = 0, GetGlobal = 1, SetGlobal = 2, Define = 3, DeleteGlobal = 4, Count = 5;

    /// <summary>What the host runs with <c>mp_js_do_exec</c>: it fetches <see cref="Source"/> and runs it as <see cref="FileName"/>.</summary>
    public const string Loader = "import " + HostModule + "\nexec(compile(" + HostModule + ".source(), '" + FileName + "', 'exec'))\ndel " + HostModule + "\n";

    public static string Source(int maxDepth) => $$"""
def __mpsandbox_boot():
    import sys
    from json import dumps, loads
    import {{HostModule}} as H
    g = globals()
    hcall = H.call
    hfetch = H.fetch
    hresult = H.result
    U = type(H.undefined)
    Z = '\x00'
    D = {{maxDepth}}
    inf = float('inf')

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
        if d >= D:
            raise ValueError('value nested deeper than %d levels' % D)
        if t is list:
            return [enc(x, d + 1) for x in v]
        if t is tuple:
            return {Z: 't', 'v': [enc(x, d + 1) for x in v]}
        if t is dict:
            o = {}
            for k in v:
                if type(k) is not str:
                    return {Z: 'x', 'v': 'dict with ' + type(k).__name__ + ' keys'}
                o[k] = enc(v[k], d + 1)
            if Z in o:
                return {Z: 'd', 'v': [[k, o[k]] for k in o]}
            return o
        if t is bytes or t is bytearray:
            return {Z: 'b', 'v': v.hex()}
        return {Z: 'x', 'v': t.__name__}

    def dec(v):
        t = type(v)
        if t is list:
            return [dec(x) for x in v]
        if t is dict:
            k = v.get(Z)
            if k is None:
                for n in v:
                    v[n] = dec(v[n])
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

    def fin():
        return load(hfetch())

    def slow(fid, a, k):
        r = hcall(dumps([fid, enc(a, 0), enc(k, 0)]))
        if type(r) is U:
            return fin()
        return r

    def wrap(fid, f):
        def w(*a, **k):
            if k:
                return slow(fid, a, k)
            for x in a:
                t = type(x)
                if t is int:
                    if -2147483648 <= x <= 2147483647:
                        continue
                elif t is str or t is float or t is bool or x is None:
                    continue
                return slow(fid, a, k)
            r = f(*a)
            if type(r) is U:
                return fin()
            return r
        return w

    def define(fid, name, module):
        w = wrap(fid, getattr(H, 'f%d' % fid))
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

    H.keep(run, getglobal, setglobal, define, delglobal)

__mpsandbox_boot()
del __mpsandbox_boot
""";
}
