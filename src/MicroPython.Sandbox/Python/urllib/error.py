from _mpsandbox_http import RequestException as URLError, NetworkRefused, Timeout, ConnectionError


class HTTPError(URLError):
    def __init__(self, url, code, msg, hdrs, fp):
        super().__init__('HTTP Error %d: %s' % (code, msg))
        self.url = url
        self.code = code
        self.msg = msg
        self.hdrs = self.headers = hdrs
        self.fp = fp

    def read(self, n=-1):
        return self.fp.read(n) if self.fp is not None else b''

    def getcode(self):
        return self.code

    def __str__(self):
        return 'HTTP Error %d: %s' % (self.code, self.msg)
