# json for MicroPython.Sandbox: CPython's dumps options (indent, sort_keys, default, separators,
# ensure_ascii) and loads keeping the document's key order. Plain data is written by MicroPython's own
# encoder; the rest, and loads, by the Python code in _jsonimpl, imported on first use so that
# `import json` stays cheap.
import _builtin

_builtin_json = _builtin.load('json')
del _builtin

__all__ = ['dump', 'dumps', 'load', 'loads', 'JSONDecoder', 'JSONDecodeError', 'JSONEncoder']


class JSONDecodeError(ValueError):
    def __init__(self, msg, doc='', pos=0):
        lineno = doc.count('\n', 0, pos) + 1
        colno = pos - doc.rfind('\n', 0, pos)
        super().__init__('%s: line %d column %d (char %d)' % (msg, lineno, colno, pos))
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno


def _fdumps(o, _d, _b=32768, _n=256, _s=1024):
    # MicroPython's json.dumps grows its output a little at a time (quadratic: 1 MB of text takes seconds), so
    # a big value is written in pieces and joined, which keeps the time linear in its size; a small one (the
    # common case, up to _b elements: well under a second) goes to it whole, with no extra garbage.
    if _fsize(o, _b) >= 0:
        return _d(o)
    t = type(o)
    if t is str:
        # Sliced as UTF-8 bytes: slicing a str by characters walks it from the start each time.
        b = o.encode()
        p = []
        i = 0
        n = len(b)
        while i < n:
            j = i + _s
            if j < n:
                while b[j] & 0xC0 == 0x80:
                    j -= 1
            p.append(_d(b[i:j].decode())[1:-1])
            i = j
        return '"' + ''.join(p) + '"'
    if t is list or t is tuple:
        p = []
        for i in range(0, len(o), _n):
            c = o[i:i + _n]
            if _fsize(c, 4096) >= 0:
                p.append(_d(c)[1:-1])
            else:
                p.append(', '.join([_fdumps(x, _d, 4096) for x in c]))
        return '[' + ', '.join(p) + ']'
    return '{' + ', '.join([(_d(k) if type(k) is str else _d({k: 0})[1:-4]) + ': ' + _fdumps(v, _d, 4096) for k, v in o.items()]) + '}'


def _fsize(o, b):
    # What is left of a budget of b elements once o is counted; negative when o is too big for one piece.
    t = type(o)
    if t is str:
        return b - len(o) // 16 - 1
    if t is list or t is tuple or t is dict:
        b -= len(o)
        if b < 0:
            return b
        for x in (o.values() if t is dict else o):
            u = type(x)
            if u is str or u is list or u is tuple or u is dict:
                b = _fsize(x, b)
                if b < 0:
                    return b
        return b
    return b - 1


_PLAIN = (str, int, float, bool, type(None))


def _plain(obj):
    # True when obj holds only the built-in types MicroPython's encoder writes as CPython does (no
    # subclasses: the layer's ordered dicts print as their repr there).
    stack = [obj]
    plain = _PLAIN
    while stack:
        o = stack.pop()
        t = type(o)
        if t in plain:
            continue
        if t is list or t is tuple:
            stack.extend(o)
        elif t is dict:
            for k, v in o.items():
                if type(k) not in plain:
                    return False
                stack.append(v)
        else:
            return False
    return True


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None, indent=None,
          separators=None, default=None, sort_keys=False, **kw):
    if cls is None and indent is None and separators is None and default is None and not sort_keys and not kw \
            and not skipkeys and allow_nan and _plain(obj):
        # MicroPython's encoder (C, fast, little memory) writes what CPython writes, except non-ASCII text
        # (which CPython escapes by default), infinities and NaN.
        text = _fdumps(obj, _builtin_json.dumps)
        if 'inf' not in text and 'nan' not in text and (not ensure_ascii or len(text.encode()) == len(text)):
            return text
    import _jsonimpl
    return _jsonimpl.dumps(obj, skipkeys=skipkeys, ensure_ascii=ensure_ascii, check_circular=check_circular,
                           allow_nan=allow_nan, cls=cls, indent=indent, separators=separators, default=default,
                           sort_keys=sort_keys, **kw)


def dump(obj, fp, **kwargs):
    fp.write(dumps(obj, **kwargs))


def loads(s, **kwargs):
    import _jsonimpl
    return _jsonimpl.loads(s, **kwargs)


def load(fp, **kwargs):
    return loads(fp.read(), **kwargs)


def __getattr__(name):
    if name in ('JSONEncoder', 'JSONDecoder'):
        import _jsonimpl
        return getattr(_jsonimpl, name)
    raise AttributeError("module 'json' has no attribute '%s'" % name)
