# string for MicroPython.Sandbox: CPython's constants, capwords, and a Template and Formatter.

whitespace = ' \t\n\r\x0b\x0c'
ascii_lowercase = 'abcdefghijklmnopqrstuvwxyz'
ascii_uppercase = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
ascii_letters = ascii_lowercase + ascii_uppercase
digits = '0123456789'
hexdigits = digits + 'abcdef' + 'ABCDEF'
octdigits = '01234567'
punctuation = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    return (sep or ' ').join(w[:1].upper() + w[1:].lower() for w in s.split(sep))


def translate(s, table):
    # str.translate is missing from MicroPython's str: the same with a function.
    out = []
    for c in s:
        v = table.get(ord(c), c) if isinstance(table, dict) else c
        if v is None:
            continue
        out.append(chr(v) if isinstance(v, int) else v)
    return ''.join(out)


def maketrans(x, y=None, z=None):
    table = {}
    if y is None:
        for k, v in x.items():
            table[ord(k) if isinstance(k, str) else k] = v
        return table
    for a, b in zip(x, y):
        table[ord(a)] = b
    if z:
        for c in z:
            table[ord(c)] = None
    return table


class Template:
    delimiter = '$'

    def __init__(self, template):
        self.template = template

    def _sub(self, mapping, safe):
        s = self.template
        out = []
        i = 0
        n = len(s)
        d = self.delimiter
        while i < n:
            c = s[i]
            if c != d:
                out.append(c)
                i += 1
                continue
            if i + 1 < n and s[i + 1] == d:
                out.append(d)
                i += 2
                continue
            j = i + 1
            braced = j < n and s[j] == '{'
            if braced:
                k = s.find('}', j)
                if k < 0:
                    if safe:
                        out.append(c)
                        i += 1
                        continue
                    raise ValueError('Invalid placeholder in string')
                name = s[j + 1:k]
                end = k + 1
            else:
                k = j
                while k < n and (s[k].isalpha() or s[k].isdigit() or s[k] == '_'):
                    k += 1
                name = s[j:k]
                end = k
            if not name:
                if safe:
                    out.append(c)
                    i += 1
                    continue
                raise ValueError('Invalid placeholder in string: line 1, col %d' % (i + 1))
            if name in mapping:
                out.append(str(mapping[name]))
            elif safe:
                out.append(s[i:end])
            else:
                raise KeyError(name)
            i = end
        return ''.join(out)

    def substitute(self, mapping=None, **kws):
        m = dict(mapping or {})
        m.update(kws)
        return self._sub(m, False)

    def safe_substitute(self, mapping=None, **kws):
        m = dict(mapping or {})
        m.update(kws)
        return self._sub(m, True)


class Formatter:
    def format(self, format_string, *args, **kwargs):
        return format_string.format(*args, **kwargs)

    def vformat(self, format_string, args, kwargs):
        return format_string.format(*args, **kwargs)
