# The Python half of json (see json.py): CPython's encoder options and a decoder that keeps the
# document's key order (MicroPython's dicts keep none; objects become insertion-ordered dicts that print
# as dicts). Loaded only when a program needs it.
from json import JSONDecodeError, _builtin_json, _plain


_ESC = {'"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f'}


def _encode_str(s, ensure_ascii):
    out = ['"']
    for c in s:
        e = _ESC.get(c)
        if e is not None:
            out.append(e)
            continue
        o = ord(c)
        if o < 0x20 or (ensure_ascii and o > 0x7e):
            if o > 0xffff:
                o -= 0x10000
                out.append('\\u%04x\\u%04x' % (0xd800 | (o >> 10), 0xdc00 | (o & 0x3ff)))
            else:
                out.append('\\u%04x' % o)
        else:
            out.append(c)
    out.append('"')
    return ''.join(out)


def _float_repr(f, allow_nan):
    if f != f:
        text = 'NaN'
    elif f == float('inf'):
        text = 'Infinity'
    elif f == -float('inf'):
        text = '-Infinity'
    else:
        return repr(f)
    if not allow_nan:
        raise ValueError('Out of range float values are not JSON compliant')
    return text


class JSONEncoder:
    item_separator = ', '
    key_separator = ': '

    def __init__(self, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True,
                 sort_keys=False, indent=None, separators=None, default=None):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        if indent is not None and not isinstance(indent, str):
            indent = ' ' * indent
        self.indent = indent
        if separators is not None:
            self.item_separator, self.key_separator = separators
        elif indent is not None:
            self.item_separator = ','
        if default is not None:
            self.default = default

    def default(self, o):
        raise TypeError('Object of type %s is not JSON serializable' % type(o).__name__)

    def encode(self, o):
        out = []
        self._encode(o, out, 0, [])
        return ''.join(out)

    def iterencode(self, o, _one_shot=False):
        return iter([self.encode(o)])

    def _key(self, k):
        if isinstance(k, str):
            return k
        if k is True:
            return 'true'
        if k is False:
            return 'false'
        if k is None:
            return 'null'
        if isinstance(k, float):
            return _float_repr(k, self.allow_nan)
        if isinstance(k, int):
            return str(k)
        if self.skipkeys:
            return None
        raise TypeError('keys must be str, int, float, bool or None, not %s' % type(k).__name__)

    def _encode(self, o, out, level, stack):
        if isinstance(o, str):
            out.append(_encode_str(o, self.ensure_ascii))
        elif o is None:
            out.append('null')
        elif o is True:
            out.append('true')
        elif o is False:
            out.append('false')
        elif isinstance(o, int):
            out.append(repr(int(o)))
        elif getattr(o, '_kind_', None) in ('IntEnum', 'IntFlag', 'StrEnum'):
            self._encode(o._value_, out, level, stack)
        elif isinstance(o, float):
            out.append(_float_repr(o, self.allow_nan))
        elif isinstance(o, (list, tuple)):
            self._check(o, stack)
            if not o:
                out.append('[]')
            else:
                out.append('[')
                first = True
                for v in o:
                    if not first:
                        out.append(self.item_separator)
                    first = False
                    self._newline(out, level + 1)
                    self._encode(v, out, level + 1, stack)
                self._newline(out, level)
                out.append(']')
            stack.pop()
        elif isinstance(o, dict):
            self._check(o, stack)
            items = list(o.items())
            if self.sort_keys:
                items.sort(key=lambda kv: kv[0])
            if not items:
                out.append('{}')
            else:
                out.append('{')
                first = True
                for k, v in items:
                    k = self._key(k)
                    if k is None:
                        continue
                    if not first:
                        out.append(self.item_separator)
                    first = False
                    self._newline(out, level + 1)
                    out.append(_encode_str(k, self.ensure_ascii))
                    out.append(self.key_separator)
                    self._encode(v, out, level + 1, stack)
                self._newline(out, level)
                out.append('}')
            stack.pop()
        else:
            self._check(o, stack)
            self._encode(self.default(o), out, level, stack)
            stack.pop()

    def _check(self, o, stack):
        for x in stack:
            if x is o:
                raise ValueError('Circular reference detected')
        stack.append(o)

    def _newline(self, out, level):
        if self.indent is not None:
            out.append('\n' + self.indent * level)


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None, indent=None,
          separators=None, default=None, sort_keys=False, **kw):
    if cls is None:
        cls = JSONEncoder
    return cls(skipkeys=skipkeys, ensure_ascii=ensure_ascii, check_circular=check_circular, allow_nan=allow_nan,
               indent=indent, separators=separators, default=default, sort_keys=sort_keys, **kw).encode(obj)


def dump(obj, fp, **kwargs):
    fp.write(dumps(obj, **kwargs))


_WS = ' \t\n\r'
_NUMBER_CHARS = '+-0123456789.eE'


class JSONDecoder:
    def __init__(self, *, object_hook=None, parse_float=None, parse_int=None, parse_constant=None, strict=True,
                 object_pairs_hook=None):
        self.object_hook = object_hook
        self.object_pairs_hook = object_pairs_hook
        self.parse_float = parse_float or float
        self.parse_int = parse_int or int
        self.parse_constant = parse_constant
        self.strict = strict

    def decode(self, s):
        value, end = self.raw_decode(s, _skip(s, 0))
        end = _skip(s, end)
        if end != len(s):
            raise JSONDecodeError('Extra data', s, end)
        return value

    def raw_decode(self, s, idx=0):
        # An explicit stack of open containers: no recursion, so deep documents need no Python stack.
        from collections import _dict
        stack = []
        i = idx
        n = len(s)
        while True:
            i = _skip(s, i)
            if i >= n:
                raise JSONDecodeError('Expecting value', s, i)
            c = s[i]
            if c == '{':
                i = _skip(s, i + 1)
                if i < n and s[i] == '}':
                    value = self._object([], _dict)
                    i += 1
                else:
                    key, i = _member_key(s, i, self.strict)
                    stack.append(('{', [], key))
                    continue
            elif c == '[':
                i = _skip(s, i + 1)
                if i < n and s[i] == ']':
                    value = []
                    i += 1
                else:
                    stack.append(('[', [], None))
                    continue
            elif c == '"':
                value, i = _string(s, i + 1, self.strict)
            elif c == 'n' and s.startswith('null', i):
                value = None
                i += 4
            elif c == 't' and s.startswith('true', i):
                value = True
                i += 4
            elif c == 'f' and s.startswith('false', i):
                value = False
                i += 5
            elif c == 'N' and s.startswith('NaN', i):
                value = (self.parse_constant or float)('NaN')
                i += 3
            elif c == 'I' and s.startswith('Infinity', i):
                value = (self.parse_constant or float)('Infinity')
                i += 8
            elif c == '-' and s.startswith('-Infinity', i):
                value = (self.parse_constant or float)('-Infinity')
                i += 9
            elif c in '-0123456789':
                j = i
                while j < n and s[j] in _NUMBER_CHARS:
                    j += 1
                text = s[i:j]
                try:
                    if '.' in text or 'e' in text or 'E' in text:
                        value = self.parse_float(text)
                    else:
                        value = self.parse_int(text)
                except ValueError:
                    raise JSONDecodeError('Expecting value', s, i) from None
                i = j
            else:
                raise JSONDecodeError('Expecting value', s, i)
            # Attach the value to the open containers, closing those that end here.
            while True:
                if not stack:
                    return value, i
                kind, items, key = stack[-1]
                if kind == '[':
                    items.append(value)
                else:
                    items.append((key, value))
                i = _skip(s, i)
                if i >= n:
                    raise JSONDecodeError("Expecting ',' delimiter", s, i)
                c = s[i]
                if c == ',':
                    i += 1
                    if kind == '{':
                        key, i = _member_key(s, _skip(s, i), self.strict)
                        stack[-1] = (kind, items, key)
                    break
                if kind == '[' and c == ']' or kind == '{' and c == '}':
                    stack.pop()
                    i += 1
                    value = items if kind == '[' else self._object(items, _dict)
                    continue
                raise JSONDecodeError("Expecting ',' delimiter", s, i)

    def _object(self, pairs, ordered):
        if self.object_pairs_hook is not None:
            return self.object_pairs_hook(pairs)
        d = ordered()
        for k, v in pairs:
            d[k] = v
        if self.object_hook is not None:
            return self.object_hook(d)
        return d


def _member_key(s, i, strict):
    """The key of an object member starting at s[i] (after whitespace), and the index just past its ':'."""
    n = len(s)
    if i >= n or s[i] != '"':
        raise JSONDecodeError('Expecting property name enclosed in double quotes', s, i)
    key, i = _string(s, i + 1, strict)
    i = _skip(s, i)
    if i >= n or s[i] != ':':
        raise JSONDecodeError("Expecting ':' delimiter", s, i)
    return key, i + 1


def _skip(s, i):
    n = len(s)
    while i < n and s[i] in _WS:
        i += 1
    return i


_UNESC = {'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}


def _string(s, i, strict):
    out = []
    n = len(s)
    start = i
    while True:
        j = i
        while j < n and s[j] != '"' and s[j] != '\\':
            if strict and s[j] < ' ':
                raise JSONDecodeError('Invalid control character at', s, j)
            j += 1
        out.append(s[i:j])
        if j >= n:
            raise JSONDecodeError('Unterminated string starting at', s, start - 1)
        if s[j] == '"':
            return ''.join(out), j + 1
        c = s[j + 1:j + 2]
        if c == 'u':
            code = int(s[j + 2:j + 6], 16)
            i = j + 6
            if 0xd800 <= code < 0xdc00 and s[i:i + 2] == '\\u':
                low = int(s[i + 2:i + 6], 16)
                if 0xdc00 <= low < 0xe000:
                    code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00)
                    i += 6
            out.append(chr(code))
        elif c in _UNESC:
            out.append(_UNESC[c])
            i = j + 2
        else:
            raise JSONDecodeError('Invalid \\escape', s, j)


def loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None, parse_constant=None,
          object_pairs_hook=None, **kw):
    if isinstance(s, (bytes, bytearray)):
        s = s.decode('utf-8')
    if cls is None:
        cls = JSONDecoder
    return cls(object_hook=object_hook, parse_float=parse_float, parse_int=parse_int,
               parse_constant=parse_constant, object_pairs_hook=object_pairs_hook, **kw).decode(s)


def load(fp, **kwargs):
    return loads(fp.read(), **kwargs)
