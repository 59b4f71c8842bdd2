# The parts of urllib.parse that building requests needs.
_SAFE = b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~'


def quote(string, safe='/', encoding=None, errors=None):
    if isinstance(string, str):
        string = string.encode()
    if isinstance(safe, str):
        safe = safe.encode()
    out = []
    for b in string:
        if b in _SAFE or b in safe:
            out.append(chr(b))
        else:
            out.append('%%%02X' % b)
    return ''.join(out)


def quote_plus(string, safe='', encoding=None, errors=None):
    if isinstance(string, str) and ' ' in string:
        return quote(string, safe + ' ').replace(' ', '+')
    return quote(string, safe)


def unquote_to_bytes(string):
    if isinstance(string, str):
        string = string.encode()
    parts = string.split(b'%')
    out = [parts[0]]
    for part in parts[1:]:
        try:
            out.append(bytes([int(part[:2], 16)]) + part[2:])
        except ValueError:
            out.append(b'%' + part)
    return b''.join(out)


def unquote(string, encoding='utf-8', errors='replace'):
    return unquote_to_bytes(string).decode()


def unquote_plus(string, encoding='utf-8', errors='replace'):
    return unquote(string.replace('+', ' '))


def urlencode(query, doseq=False, safe='', encoding=None, errors=None, quote_via=quote_plus):
    items = query.items() if hasattr(query, 'items') else query
    out = []
    for k, v in items:
        k = quote_via(k if isinstance(k, (str, bytes)) else str(k), safe)
        if doseq and isinstance(v, (list, tuple)):
            for x in v:
                out.append(k + '=' + quote_via(x if isinstance(x, (str, bytes)) else str(x), safe))
        else:
            out.append(k + '=' + quote_via(v if isinstance(v, (str, bytes)) else str(v), safe))
    return '&'.join(out)


def parse_qsl(qs, keep_blank_values=False):
    out = []
    for part in qs.replace(';', '&').split('&'):
        if not part:
            continue
        k, eq, v = part.partition('=')
        if v or keep_blank_values:
            out.append((unquote_plus(k), unquote_plus(v)))
    return out


def parse_qs(qs, keep_blank_values=False):
    out = {}
    for k, v in parse_qsl(qs, keep_blank_values):
        out.setdefault(k, []).append(v)
    return out


class SplitResult(tuple):
    def __new__(cls, scheme, netloc, path, query, fragment):
        return tuple.__new__(cls, (scheme, netloc, path, query, fragment))

    scheme = property(lambda self: self[0])
    netloc = property(lambda self: self[1])
    path = property(lambda self: self[2])
    query = property(lambda self: self[3])
    fragment = property(lambda self: self[4])

    @property
    def hostname(self):
        host = self.netloc.rpartition('@')[2]
        if host.startswith('['):
            return host[1:host.find(']')].lower()
        return host.partition(':')[0].lower() or None

    @property
    def port(self):
        host = self.netloc.rpartition('@')[2]
        if host.startswith('['):
            host = host[host.find(']') + 1:]
        _, colon, port = host.rpartition(':')
        return int(port) if colon and port else None

    def geturl(self):
        return urlunsplit(self)


def urlsplit(url, scheme='', allow_fragments=True):
    netloc = query = fragment = ''
    i = url.find(':')
    if i > 0 and url[:i].replace('+', '').replace('-', '').replace('.', '').isalpha():
        scheme, url = url[:i].lower(), url[i + 1:]
    if url[:2] == '//':
        end = len(url)
        for c in '/?#':
            j = url.find(c, 2)
            if j >= 0:
                end = min(end, j)
        netloc, url = url[2:end], url[end:]
    if allow_fragments and '#' in url:
        url, fragment = url.split('#', 1)
    if '?' in url:
        url, query = url.split('?', 1)
    return SplitResult(scheme, netloc, url, query, fragment)


urlparse = urlsplit


def urlunsplit(parts):
    scheme, netloc, path, query, fragment = parts
    url = path
    if netloc:
        url = '//' + netloc + ('' if not url or url.startswith('/') else '/') + url
    if scheme:
        url = scheme + ':' + url
    if query:
        url += '?' + query
    if fragment:
        url += '#' + fragment
    return url


urlunparse = urlunsplit
