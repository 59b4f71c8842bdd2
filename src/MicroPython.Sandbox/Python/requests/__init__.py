# A small requests: HTTP through the host, within the sandbox's network rules (see the README's "Network access").
# Requests run one at a time and block the caller; the a-prefixed coroutines (aget, apost, ...) can be awaited.
import json as _json
import _mpsandbox_http
from urllib.parse import urlencode as _urlencode, quote as _quote
from requests.exceptions import (RequestException, NetworkRefused, ConnectionError, Timeout, HTTPError,
                                 TooManyRedirects, JSONDecodeError, ReadTimeout, ConnectTimeout)

__version__ = '2.32.0-mpsandbox'

codes = type('codes', (), {'ok': 200, 'created': 201, 'no_content': 204, 'bad_request': 400, 'unauthorized': 401,
                           'forbidden': 403, 'not_found': 404, 'server_error': 500})


class CaseInsensitiveDict:
    def __init__(self, pairs=()):
        self._d = {}
        for k, v in pairs:
            key = k.lower()
            if key in self._d:
                self._d[key] = (self._d[key][0], self._d[key][1] + ', ' + v)
            else:
                self._d[key] = (k, v)

    def __getitem__(self, key):
        return self._d[key.lower()][1]

    def __setitem__(self, key, value):
        self._d[key.lower()] = (key, value)

    def __delitem__(self, key):
        del self._d[key.lower()]

    def __contains__(self, key):
        return isinstance(key, str) and key.lower() in self._d

    def get(self, key, default=None):
        item = self._d.get(key.lower())
        return default if item is None else item[1]

    def __iter__(self):
        return iter([k for k, _ in self._d.values()])

    def __len__(self):
        return len(self._d)

    def keys(self):
        return [k for k, _ in self._d.values()]

    def values(self):
        return [v for _, v in self._d.values()]

    def items(self):
        return list(self._d.values())

    def __eq__(self, other):
        return dict(self.items()) == dict(other.items()) if hasattr(other, 'items') else NotImplemented

    def __repr__(self):
        return repr(dict(self.items()))


class Response:
    def __init__(self, raw, method):
        self.status_code = raw.status
        self.reason = raw.reason
        self.url = raw.url
        self.headers = CaseInsensitiveDict(raw.header_list)
        self.request_method = method
        self.encoding = None
        ctype = self.headers.get('content-type', '')
        for part in ctype.split(';')[1:]:
            k, _, v = part.strip().partition('=')
            if k.lower() == 'charset':
                self.encoding = v.strip().strip('"')
        try:
            self.content = raw.read()
        finally:
            raw.close()

    @property
    def ok(self):
        return self.status_code < 400

    @property
    def text(self):
        enc = (self.encoding or 'utf-8').lower()
        if enc in ('utf-8', 'utf8', 'ascii', 'us-ascii'):
            return self.content.decode('utf-8', 'replace') if _has_errors else self.content.decode('utf-8')
        if enc in ('iso-8859-1', 'latin-1', 'latin1'):
            return ''.join(chr(b) for b in self.content)
        return self.content.decode('utf-8')

    def json(self, **kwargs):
        try:
            return _json.loads(self.text)
        except ValueError as e:
            raise JSONDecodeError(str(e))

    def iter_content(self, chunk_size=1024, decode_unicode=False):
        for i in range(0, len(self.content), chunk_size or len(self.content) or 1):
            piece = self.content[i:i + (chunk_size or len(self.content))]
            yield piece.decode() if decode_unicode else piece

    def iter_lines(self, decode_unicode=False):
        for line in self.content.split(b'\n'):
            line = line[:-1] if line.endswith(b'\r') else line
            yield line.decode() if decode_unicode else line

    def raise_for_status(self):
        if 400 <= self.status_code < 600:
            kind = 'Client' if self.status_code < 500 else 'Server'
            raise HTTPError('%d %s Error: %s for url: %s' % (self.status_code, kind, self.reason, self.url), response=self)

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return '<Response [%d]>' % self.status_code


def _probe():
    try:
        b'\xff'.decode('utf-8', 'replace')
        return True
    except Exception:
        return False


_has_errors = _probe()


def _with_params(url, params):
    if not params:
        return url
    if isinstance(params, (str, bytes)):
        query = params.decode() if isinstance(params, bytes) else params
    else:
        query = _urlencode(params, doseq=True)
    base, _, fragment = url.partition('#')
    sep = '&' if '?' in base else '?'
    return base + (sep if query else '') + query + ('#' + fragment if fragment else '')


_UNSUPPORTED = ('auth', 'cookies', 'files', 'proxies', 'cert', 'hooks')


def request(method, url, params=None, data=None, headers=None, json=None, timeout=None, allow_redirects=True, **kwargs):
    """Sends a request; returns a Response. Redirects are followed by the host within its rules."""
    for name, value in kwargs.items():
        # TLS verification and certificates are the host's; bodies are always read whole.
        if name in ('verify', 'stream'):
            continue
        if name not in _UNSUPPORTED:
            raise TypeError("request() got an unexpected keyword argument '%s'" % name)
        if value:
            raise TypeError("requests in the sandbox does not support '%s'" % name)
    method = method.upper()
    url = _with_params(url, params)
    pairs = []
    names = set()
    if headers:
        for k, v in headers.items():
            if v is not None:
                pairs.append((k, v if isinstance(v, str) else str(v)))
                names.add(k.lower())
    body = None
    if json is not None and data is None:
        body = _json.dumps(json).encode()
        if 'content-type' not in names:
            pairs.append(('Content-Type', 'application/json'))
    elif data is not None:
        if isinstance(data, dict) or isinstance(data, (list, tuple)):
            body = _urlencode(data, doseq=True).encode()
            if 'content-type' not in names:
                pairs.append(('Content-Type', 'application/x-www-form-urlencoded'))
        elif isinstance(data, str):
            body = data.encode()
        else:
            body = bytes(data)
    if 'user-agent' not in names:
        pairs.append(('User-Agent', 'python-requests/2.32 (mpsandbox)'))
    if 'accept' not in names:
        pairs.append(('Accept', '*/*'))
    if method in ('POST', 'PUT', 'PATCH') and body is None:
        body = b''
    raw = _mpsandbox_http.send(method, url, pairs, body, timeout, allow_redirects)
    return Response(raw, method)


def get(url, params=None, **kwargs):
    return request('GET', url, params=params, **kwargs)


def head(url, **kwargs):
    return request('HEAD', url, **kwargs)


def options(url, **kwargs):
    return request('OPTIONS', url, **kwargs)


def post(url, data=None, json=None, **kwargs):
    return request('POST', url, data=data, json=json, **kwargs)


def put(url, data=None, **kwargs):
    return request('PUT', url, data=data, **kwargs)


def patch(url, data=None, **kwargs):
    return request('PATCH', url, data=data, **kwargs)


def delete(url, **kwargs):
    return request('DELETE', url, **kwargs)


# Awaitable forms for asyncio code. The host makes the request while the guest waits, so they do not overlap.
async def arequest(method, url, **kwargs):
    return request(method, url, **kwargs)


async def aget(url, params=None, **kwargs):
    return request('GET', url, params=params, **kwargs)


async def apost(url, data=None, json=None, **kwargs):
    return request('POST', url, data=data, json=json, **kwargs)


async def aput(url, data=None, **kwargs):
    return request('PUT', url, data=data, **kwargs)


async def apatch(url, data=None, **kwargs):
    return request('PATCH', url, data=data, **kwargs)


async def adelete(url, **kwargs):
    return request('DELETE', url, **kwargs)


class Session:
    """Keeps headers and params across requests (no cookies: the host keeps those)."""

    def __init__(self):
        self.headers = CaseInsensitiveDict()
        self.params = {}

    def request(self, method, url, params=None, headers=None, **kwargs):
        merged = dict(self.headers.items())
        merged.update(headers or {})
        p = dict(self.params)
        if isinstance(params, dict):
            p.update(params)
        return request(method, url, params=p or params, headers=merged, **kwargs)

    def get(self, url, **kwargs):
        return self.request('GET', url, **kwargs)

    def post(self, url, data=None, json=None, **kwargs):
        return self.request('POST', url, data=data, json=json, **kwargs)

    def put(self, url, data=None, **kwargs):
        return self.request('PUT', url, data=data, **kwargs)

    def patch(self, url, data=None, **kwargs):
        return self.request('PATCH', url, data=data, **kwargs)

    def delete(self, url, **kwargs):
        return self.request('DELETE', url, **kwargs)

    def head(self, url, **kwargs):
        return self.request('HEAD', url, **kwargs)

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def session():
    return Session()
