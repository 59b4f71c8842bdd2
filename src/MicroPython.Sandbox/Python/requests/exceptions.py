from _mpsandbox_http import RequestException, NetworkRefused, ConnectionError, Timeout


class HTTPError(RequestException):
    pass


class TooManyRedirects(RequestException):
    pass


class JSONDecodeError(ValueError):
    pass


ReadTimeout = ConnectTimeout = Timeout
