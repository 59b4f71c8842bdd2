# CPython's str, set, int and float methods that MicroPython's built-in types lack, or take fewer arguments or no
# keywords for. The types cannot grow methods, so the host rewrites calls of these names in the program's source
# (obj.ljust(9, '.') becomes __mpsandbox_method__(obj, 'ljust', 9, '.'), see Runtime/SourceRewriter.cs) and start-up's
# helper hands them here. Every object that is not one of these built-in types gets its own method called.


def _fill(fillchar):
    if type(fillchar) is not str or len(fillchar) != 1:
        raise TypeError('The fill character must be exactly one character long')
    return fillchar


def ljust(s, width, fillchar=' '):
    fillchar = _fill(fillchar)
    return s + fillchar * (width - len(s)) if width > len(s) else s


def rjust(s, width, fillchar=' '):
    fillchar = _fill(fillchar)
    return fillchar * (width - len(s)) + s if width > len(s) else s


def center(s, width, fillchar=' '):
    fillchar = _fill(fillchar)
    margin = width - len(s)
    if margin <= 0:
        return s
    # CPython puts the odd character on the left when the width is odd and the margin is odd.
    left = margin // 2 + (margin & width & 1)
    return fillchar * left + s + fillchar * (margin - left)


def zfill(s, width):
    if len(s) >= width:
        return s
    pad = '0' * (width - len(s))
    if s[:1] in ('+', '-'):
        return s[0] + pad + s[1:]
    return pad + s


def capitalize(s):
    return s[:1].upper() + s[1:].lower()


def casefold(s):
    return s.lower()


def _cased(c):
    return c.lower() != c.upper()


def title(s):
    out = []
    previous = False
    for c in s:
        out.append(c.lower() if previous else c.upper())
        previous = _cased(c)
    return ''.join(out)


def istitle(s):
    previous = False
    seen = False
    for c in s:
        if c.isupper():
            if previous:
                return False
            previous = seen = True
        elif c.islower():
            if not previous:
                return False
            previous = seen = True
        else:
            previous = False
    return seen


def swapcase(s):
    return ''.join(c.lower() if c.isupper() else c.upper() for c in s)


def expandtabs(s, tabsize=8):
    out = []
    column = 0
    for c in s:
        if c == '\t':
            if tabsize > 0:
                spaces = tabsize - column % tabsize
                out.append(' ' * spaces)
                column += spaces
        else:
            out.append(c)
            column = 0 if c in '\r\n' else column + 1
    return ''.join(out)


def removeprefix(s, prefix):
    return s[len(prefix):] if prefix and s.startswith(prefix) else s


def removesuffix(s, suffix):
    return s[:-len(suffix)] if suffix and s.endswith(suffix) else s


def isalnum(s):
    return len(s) > 0 and all(c.isalpha() or c.isdigit() for c in s)


def isdecimal(s):
    return s.isdigit()


def isascii(s):
    return all(ord(c) < 128 for c in s)


def isidentifier(s):
    if not s or not (s[0].isalpha() or s[0] == '_' or ord(s[0]) > 127):
        return False
    return all(c.isalpha() or c.isdigit() or c == '_' or ord(c) > 127 for c in s)


def isprintable(s):
    return all(' ' <= c <= '~' or ord(c) > 0xa0 for c in s)


def format_map(s, mapping):
    class Lookup:
        def __getitem__(self, key):
            return mapping[key]
    # str.format takes keyword arguments only as a dict of str keys: collect the names the template uses.
    names = {}
    for part in s.split('{')[1:]:
        name = part.split('}')[0].split('!')[0].split(':')[0].split('.')[0].split('[')[0]
        if name and not name.isdigit() and name not in names:
            names[name] = mapping[name]
    return s.format(**names)


def maketrans(x, y=None, z=None):
    table = {}
    if y is None:
        for k, v in x.items():
            table[ord(k) if type(k) is str else k] = v
        return table
    if len(x) != len(y):
        raise ValueError('the first two maketrans arguments must have equal length')
    for a, b in zip(x, y):
        table[ord(a)] = ord(b)
    if z is not None:
        for c in z:
            table[ord(c)] = None
    return table


def translate(s, table):
    out = []
    for c in s:
        try:
            v = table[ord(c)]
        except LookupError:
            out.append(c)
            continue
        if v is None:
            continue
        out.append(chr(v) if type(v) is int else v)
    return ''.join(out)


def split(s, sep=None, maxsplit=-1):
    return s.split(sep, maxsplit) if maxsplit != -1 else s.split(sep)


def rsplit(s, sep=None, maxsplit=-1):
    if sep is not None or maxsplit < 0:
        return s.rsplit(sep, maxsplit) if maxsplit != -1 else s.rsplit(sep)
    # MicroPython has no rsplit(None, n): split on runs of whitespace from the right, keeping the rest as it is.
    parts = []
    end = len(s)
    while len(parts) < maxsplit:
        while end > 0 and s[end - 1].isspace():
            end -= 1
        if end == 0:
            break
        start = end
        while start > 0 and not s[start - 1].isspace():
            start -= 1
        if start == 0:
            break
        parts.append(s[start:end])
        end = start
    rest = s[:end].rstrip()
    if rest:
        parts.append(rest)
    parts.reverse()
    return parts


STR = {
    'ljust': ljust, 'rjust': rjust, 'center': center, 'zfill': zfill, 'capitalize': capitalize, 'casefold': casefold,
    'title': title, 'istitle': istitle, 'swapcase': swapcase, 'expandtabs': expandtabs, 'removeprefix': removeprefix,
    'removesuffix': removesuffix, 'isalnum': isalnum, 'isdecimal': isdecimal, 'isnumeric': isdecimal,
    'isascii': isascii, 'isidentifier': isidentifier, 'isprintable': isprintable, 'format_map': format_map,
    'translate': translate, 'split': split, 'rsplit': rsplit,
}


def union(s, *others):
    result = set(s)
    for o in others:
        result = result | set(o)
    return result


def intersection(s, *others):
    result = set(s)
    for o in others:
        result = result & set(o)
    return result


def difference(s, *others):
    result = set(s)
    for o in others:
        result = result - set(o)
    return result


def intersection_update(s, *others):
    s.intersection_update(intersection(s, *others))


def difference_update(s, *others):
    for o in others:
        s.difference_update(set(o))


SET = {'union': union, 'intersection': intersection, 'difference': difference}
SET_IN_PLACE = {'intersection_update': intersection_update, 'difference_update': difference_update}


def bit_length(n):
    return len(bin(n)) - (3 if n < 0 else 2) if n else 0


def bit_count(n):
    return bin(n).count('1')


def is_integer(x):
    return x == x and x not in (float('inf'), float('-inf')) and x == int(x)


def call(obj, name, args, kwargs):
    t = type(obj)
    if t is str:
        f = STR.get(name)
        if f is not None:
            return f(obj, *args, **kwargs)
    elif obj is str:
        # On the type: str.maketrans(...) and unbound calls such as str.ljust(s, 9).
        if name == 'maketrans':
            return maketrans(*args, **kwargs)
        f = STR.get(name)
        if f is not None and args and type(args[0]) is str:
            return f(*args, **kwargs)
    elif t is set or t is frozenset:
        f = SET.get(name)
        if f is not None:
            result = f(obj, *args, **kwargs)
            return frozenset(result) if t is frozenset else result
        f = SET_IN_PLACE.get(name)
        if f is not None and t is set:
            return f(obj, *args, **kwargs)
    elif t is int or t is bool:
        if name == 'bit_length':
            return bit_length(obj, *args, **kwargs)
        if name == 'bit_count':
            return bit_count(obj, *args, **kwargs)
    elif t is float and name == 'is_integer':
        return is_integer(obj, *args, **kwargs)
    return getattr(obj, name)(*args, **kwargs)
