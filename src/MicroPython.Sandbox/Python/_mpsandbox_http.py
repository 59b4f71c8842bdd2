# HTTP through the host: the one call behind requests and urllib.request. The host checks every request against
# the sandbox's network rules (allowed origins, methods, sizes, request count, time) and makes it itself.
import json

_CHUNK = 65536


class RequestException(OSError):
    """Base of every network error (requests.RequestException, urllib.error.URLError)."""

    def __init__(self, *args, response=None, request=None):
        super().__init__(*args)
        self.response = response
        self.request = request

    @property
    def reason(self):
        return self.args[0] if self.args else ''


class NetworkRefused(RequestException):
    """The host's network rules refused the request; .rule names the option that refused it."""

    def __init__(self, message, rule=''):
        super().__init__(message)
        self.rule = rule


class ConnectionError(RequestException):
    pass


class Timeout(RequestException):
    pass


def _call(*args):
    import js
    return js.mpsandbox_http(*args)


def _raise(answer):
    e = json.loads(answer)
    kind, rule, message = e['error'], e['rule'], e['message']
    if kind == 'NetworkRefused':
        raise NetworkRefused('[%s] %s' % (rule, message), rule)
    if kind == 'Timeout':
        raise Timeout(message)
    if kind == 'ConnectionError':
        raise ConnectionError(message)
    if kind == 'ValueError':
        raise ValueError(message)
    raise TypeError(message)


def _ms(timeout):
    if timeout is None:
        return None
    if isinstance(timeout, tuple):
        # requests' (connect, read): the host has one time limit per request, so the larger applies.
        given = [t for t in timeout if t is not None]
        if not given:
            return None
        timeout = max(given)
    if timeout <= 0:
        raise ValueError('timeout must be positive')
    return max(1, int(timeout * 1000))


class RawResponse:
    """A response whose body is read from the host on demand."""

    def __init__(self, info):
        self.status = info['status']
        self.reason = info['reason']
        self.url = info['url']
        self.header_list = [tuple(h) for h in info['headers']]
        self._handle = info['handle']

    def read_chunk(self, n=_CHUNK):
        if self._handle is None:
            return b''
        r = _call('read', self._handle, n)
        if r is None:
            self.close()
            raise MemoryError('the response body does not fit in the sandbox memory')
        if r and r[0] == '{':
            self._handle = None
            _raise(r)
        if not r:
            self._handle = None
            return b''
        return bytes.fromhex(r)

    def read(self, n=-1):
        if n is not None and n >= 0:
            out = []
            while n > 0:
                b = self.read_chunk(min(n, _CHUNK))
                if not b:
                    break
                out.append(b)
                n -= len(b)
            return b''.join(out)
        out = []
        while True:
            b = self.read_chunk()
            if not b:
                break
            out.append(b)
        return b''.join(out)

    def close(self):
        if self._handle is not None:
            h = self._handle
            self._handle = None
            _call('close', h)


def send(method, url, headers=None, body=None, timeout=None, follow=True):
    """Sends one request through the host; returns a RawResponse. headers: list of (name, value) pairs."""
    if not isinstance(method, str) or not isinstance(url, str):
        raise TypeError('method and url must be str')
    pairs = []
    for k, v in headers or ():
        pairs.append([str(k), str(v)])
    if isinstance(body, str):
        body = body.encode()
    if body is not None and not isinstance(body, (bytes, bytearray)):
        raise TypeError('body must be bytes or str')
    r = _call('open', method, url, json.dumps(pairs), None if body is None else body.hex(), _ms(timeout), bool(follow))
    info = json.loads(r)
    if 'error' in info:
        _raise(r)
    return RawResponse(info)
