# urllib.request.urlopen for simple cases: HTTP through the host, within the sandbox's network rules.
import _mpsandbox_http
from urllib.error import URLError, HTTPError


class Request:
    def __init__(self, url, data=None, headers=None, method=None):
        self.full_url = url
        self.data = data
        self.headers = dict(headers or {})
        self.method = method

    def add_header(self, key, val):
        self.headers[key.capitalize()] = val

    def get_method(self):
        return self.method or ('POST' if self.data is not None else 'GET')

    def get_full_url(self):
        return self.full_url


class _Headers:
    def __init__(self, pairs):
        self._pairs = pairs

    def get(self, name, default=None):
        name = name.lower()
        for k, v in self._pairs:
            if k.lower() == name:
                return v
        return default

    def __getitem__(self, name):
        return self.get(name)

    def get_all(self, name, default=None):
        found = [v for k, v in self._pairs if k.lower() == name.lower()]
        return found or default

    def get_content_charset(self, failobj=None):
        for part in (self.get('content-type') or '').split(';')[1:]:
            k, _, v = part.strip().partition('=')
            if k.lower() == 'charset':
                return v.strip('"').lower()
        return failobj

    def items(self):
        return list(self._pairs)

    def keys(self):
        return [k for k, _ in self._pairs]

    def __contains__(self, name):
        return self.get(name) is not None

    def __iter__(self):
        return iter(self.keys())


class HTTPResponse:
    def __init__(self, raw):
        self._raw = raw
        self.status = self.code = raw.status
        self.reason = self.msg = raw.reason
        self.url = raw.url
        self.headers = _Headers(raw.header_list)

    def read(self, amt=None):
        return self._raw.read(-1 if amt is None else amt)

    def readline(self):
        out = []
        while True:
            b = self._raw.read(1)
            if not b:
                break
            out.append(b)
            if b == b'\n':
                break
        return b''.join(out)

    def __iter__(self):
        while True:
            line = self.readline()
            if not line:
                return
            yield line

    def getcode(self):
        return self.status

    def geturl(self):
        return self.url

    def getheader(self, name, default=None):
        return self.headers.get(name, default)

    def getheaders(self):
        return self.headers.items()

    def info(self):
        return self.headers

    def close(self):
        self._raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def urlopen(url, data=None, timeout=None):
    """Opens an http(s) URL through the host; raises HTTPError for 4xx/5xx, NetworkRefused when the rules refuse it."""
    req = url if isinstance(url, Request) else Request(url, data)
    if data is not None:
        req.data = data
    body = req.data
    if isinstance(body, str):
        raise TypeError('POST data should be bytes, an iterable of bytes, or a file object. It cannot be of type str.')
    headers = list(req.headers.items())
    names = [k.lower() for k, _ in headers]
    if body is not None and 'content-type' not in names:
        headers.append(('Content-Type', 'application/x-www-form-urlencoded'))
    if 'user-agent' not in names:
        headers.append(('User-Agent', 'Python-urllib/3 (mpsandbox)'))
    raw = _mpsandbox_http.send(req.get_method(), req.full_url, headers, body, timeout)
    response = HTTPResponse(raw)
    if raw.status >= 400:
        raise HTTPError(raw.url, raw.status, raw.reason, response.headers, response)
    return response
