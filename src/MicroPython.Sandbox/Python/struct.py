# struct for MicroPython.Sandbox: MicroPython's struct, with formats whose size does not fit the interpreter's
# 32-bit arithmetic refused. The built-in reads a repeat count of 2**30 or more, or a total past 2**31, with
# wrapped integers and packs the wrong number of bytes (struct.pack('2000000000s', b'') gave 110,000 bytes);
# CPython would try to allocate the whole size, which in a sandbox is a MemoryError.
import _builtin

_s = _builtin.load('struct')
del _builtin

_LIMIT = 1 << 30
_checked = {}


def _check(fmt):
    if fmt in _checked:
        return
    text = fmt.decode() if isinstance(fmt, (bytes, bytearray)) else fmt
    total = 0
    count = None
    for c in text:
        if '0' <= c <= '9':
            count = (count or 0) * 10 + ord(c) - 48
            if count >= _LIMIT:
                raise MemoryError('struct format too large')
            continue
        if c in '@=<>! \t\n':
            count = None
            continue
        # Eight bytes is the largest item; alignment adds less than that per item.
        total += (count if count is not None else 1) * (1 if c in 'sxp' else 16)
        count = None
        if total >= _LIMIT:
            raise MemoryError('struct format too large')
    if len(_checked) < 256 and isinstance(fmt, str):
        _checked[fmt] = True


def calcsize(fmt):
    _check(fmt)
    return _s.calcsize(fmt)


def pack(fmt, *values):
    _check(fmt)
    return _s.pack(fmt, *values)


def pack_into(fmt, buffer, offset, *values):
    _check(fmt)
    return _s.pack_into(fmt, buffer, offset, *values)


def unpack(fmt, data):
    _check(fmt)
    return _s.unpack(fmt, data)


def unpack_from(fmt, data, offset=0):
    _check(fmt)
    return _s.unpack_from(fmt, data, offset)


error = ValueError
