# CPython's math functions that MicroPython's built-in math lacks.
import sys as _sys
_m = _sys.modules['math']
del _sys


def _index(n, name='argument'):
    if isinstance(n, bool):
        return int(n)
    if not isinstance(n, int):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(n).__name__)
    return n


def isqrt(n):
    n = _index(n)
    if n < 0:
        raise ValueError('isqrt() argument must be nonnegative')
    if n == 0:
        return 0
    x = 1 << ((len(bin(n)) - 1) // 2)
    while True:
        y = (x + n // x) // 2
        if y >= x:
            return x
        x = y


def gcd(*integers):
    g = 0
    for n in integers:
        n = abs(_index(n))
        while n:
            g, n = n, g % n
    return abs(g)


def lcm(*integers):
    r = 1
    for n in integers:
        n = abs(_index(n))
        if n == 0:
            return 0
        r = r * n // gcd(r, n)
    return r


def perm(n, k=None):
    n = _index(n)
    if k is None:
        k = n
    k = _index(k)
    if n < 0 or k < 0:
        raise ValueError('n must be a non-negative integer' if n < 0 else 'k must be a non-negative integer')
    if k > n:
        return 0
    r = 1
    for i in range(n - k + 1, n + 1):
        r *= i
    return r


def comb(n, k):
    n = _index(n)
    k = _index(k)
    if n < 0 or k < 0:
        raise ValueError('n must be a non-negative integer' if n < 0 else 'k must be a non-negative integer')
    if k > n:
        return 0
    k = min(k, n - k)
    r = 1
    for i in range(1, k + 1):
        r = r * (n - k + i) // i
    return r


def prod(iterable, *, start=1):
    r = start
    for x in iterable:
        r = r * x
    return r


def fsum(iterable):
    # Shewchuk's exact partial sums, as CPython does.
    partials = []
    for x in iterable:
        x = float(x)
        i = 0
        for y in partials:
            if abs(x) < abs(y):
                x, y = y, x
            hi = x + y
            lo = y - (hi - x)
            if lo:
                partials[i] = lo
                i += 1
            x = hi
        partials[i:] = [x]
    total = 0.0
    for p in reversed(partials):
        total += p
    if len(partials) > 1:
        # Correct the last rounding the way CPython does for halfway cases.
        hi = 0.0
        n = len(partials)
        hi = partials[n - 1]
        lo = 0.0
        n -= 1
        while n > 0:
            x = hi
            y = partials[n - 1]
            n -= 1
            hi = x + y
            yr = hi - x
            lo = y - yr
            if lo:
                break
        if n > 0 and ((lo < 0 and partials[n - 1] < 0) or (lo > 0 and partials[n - 1] > 0)):
            y = lo * 2
            x = hi + y
            yr = x - hi
            if y == yr:
                hi = x
        total = hi
    return total


def dist(p, q):
    if len(p) != len(q):
        raise ValueError('both points must have the same number of dimensions')
    return _m.sqrt(fsum((a - b) ** 2 for a, b in zip(p, q)))


def hypot(*coordinates):
    return _m.sqrt(fsum(x * x for x in coordinates))


def cbrt(x):
    return -((-x) ** (1 / 3)) if x < 0 else x ** (1 / 3)


def exp2(x):
    return 2.0 ** x


def remainder(x, y):
    n = round(x / y)
    return x - n * y


def ulp(x):
    x = abs(x)
    if x != x or x == _m.inf:
        return x
    m, e = _m.frexp(x) if x else (0.5, -1073)
    return _m.ldexp(1.0, max(e - 53, -1074))
