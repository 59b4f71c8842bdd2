# hashlib for MicroPython.Sandbox: md5 and sha1 written in Python, MicroPython's built-in sha256, and
# hexdigest()/copy()/name on all of them.
import struct as _struct
import _builtin

_h = _builtin.load('hashlib')
del _builtin

algorithms_guaranteed = {'md5', 'sha1', 'sha256'}
algorithms_available = algorithms_guaranteed


def _bytes(data):
    if isinstance(data, str):
        raise TypeError('Strings must be encoded before hashing')
    return bytes(data)


def _rotl(x, n):
    return ((x << n) | (x >> (32 - n))) & 0xffffffff


class _Base:
    block_size = 64

    def __init__(self, data=b'', *, usedforsecurity=True):
        self._buffer = b''
        self._length = 0
        self._state = list(self._initial)
        if data:
            self.update(data)

    def update(self, data):
        data = self._buffer + _bytes(data)
        self._length += len(data) - len(self._buffer)
        n = len(data) // 64 * 64
        for i in range(0, n, 64):
            self._compress(data[i:i + 64])
        self._buffer = data[n:]

    def copy(self):
        c = object.__new__(type(self))
        c._buffer = self._buffer
        c._length = self._length
        c._state = list(self._state)
        return c

    def digest(self):
        c = self.copy()
        bits = c._length * 8
        pad = b'\x80' + b'\x00' * ((55 - c._length) % 64)
        c.update(pad + _struct.pack(self._length_format, bits))
        return _struct.pack(self._digest_format, *c._state)

    def hexdigest(self):
        return ''.join('%02x' % b for b in self.digest())


_MD5_S = [7, 12, 17, 22] * 4 + [5, 9, 14, 20] * 4 + [4, 11, 16, 23] * 4 + [6, 10, 15, 21] * 4
_MD5_K = [0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
          0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
          0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
          0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
          0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
          0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
          0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
          0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391]


class md5(_Base):
    name = 'md5'
    digest_size = 16
    _initial = (0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476)
    _length_format = '<Q'
    _digest_format = '<4I'

    def _compress(self, block):
        m = _struct.unpack('<16I', block)
        a, b, c, d = self._state
        for i in range(64):
            if i < 16:
                f = (b & c) | (~b & d)
                g = i
            elif i < 32:
                f = (d & b) | (~d & c)
                g = (5 * i + 1) % 16
            elif i < 48:
                f = b ^ c ^ d
                g = (3 * i + 5) % 16
            else:
                f = c ^ (b | (~d & 0xffffffff))
                g = (7 * i) % 16
            f = (f + a + _MD5_K[i] + m[g]) & 0xffffffff
            a, d, c = d, c, b
            b = (b + _rotl(f, _MD5_S[i])) & 0xffffffff
        s = self._state
        self._state = [(s[0] + a) & 0xffffffff, (s[1] + b) & 0xffffffff, (s[2] + c) & 0xffffffff,
                       (s[3] + d) & 0xffffffff]


class sha1(_Base):
    name = 'sha1'
    digest_size = 20
    _initial = (0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0)
    _length_format = '>Q'
    _digest_format = '>5I'

    def _compress(self, block):
        w = list(_struct.unpack('>16I', block))
        for i in range(16, 80):
            w.append(_rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1))
        a, b, c, d, e = self._state
        for i in range(80):
            if i < 20:
                f = (b & c) | ((~b & 0xffffffff) & d)
                k = 0x5a827999
            elif i < 40:
                f = b ^ c ^ d
                k = 0x6ed9eba1
            elif i < 60:
                f = (b & c) | (b & d) | (c & d)
                k = 0x8f1bbcdc
            else:
                f = b ^ c ^ d
                k = 0xca62c1d6
            t = (_rotl(a, 5) + f + e + k + w[i]) & 0xffffffff
            e, d, c, b, a = d, c, _rotl(b, 30), a, t
        s = self._state
        self._state = [(x + y) & 0xffffffff for x, y in zip(s, (a, b, c, d, e))]


class sha256:
    name = 'sha256'
    digest_size = 32
    block_size = 64

    def __init__(self, data=b'', *, usedforsecurity=True):
        self._data = b''
        if data:
            self.update(data)

    def update(self, data):
        # The built-in object cannot be copied, so the bytes are kept and hashed when a digest is asked for.
        self._data += _bytes(data)

    def copy(self):
        c = sha256()
        c._data = self._data
        return c

    def digest(self):
        return _h.sha256(self._data).digest()

    def hexdigest(self):
        return ''.join('%02x' % b for b in self.digest())


_constructors = {'md5': md5, 'sha1': sha1, 'sha256': sha256}


def new(name, data=b'', **kwargs):
    try:
        return _constructors[name.lower()](data)
    except KeyError:
        raise ValueError('unsupported hash type ' + name) from None


def file_digest(fileobj, digest):
    h = new(digest) if isinstance(digest, str) else digest()
    while True:
        chunk = fileobj.read(65536)
        if not chunk:
            return h
        h.update(chunk)
