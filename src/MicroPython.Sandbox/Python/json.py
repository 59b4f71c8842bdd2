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


from _mpsandbox_jsonpieces import dumps as _fdumps


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
