# fractions for MicroPython.Sandbox.
import math

__all__ = ['Fraction']


def _gcd(a, b):
    while b:
        a, b = b, a % b
    return abs(a)


class Fraction:
    __slots__ = ('_numerator', '_denominator')

    def __init__(self, numerator=0, denominator=None):
        if denominator is None:
            if isinstance(numerator, int):
                n, d = numerator, 1
            elif isinstance(numerator, Fraction):
                n, d = numerator._numerator, numerator._denominator
            elif isinstance(numerator, float):
                n, d = _from_float(numerator)
            elif isinstance(numerator, str):
                n, d = _from_str(numerator)
            else:
                raise TypeError('argument should be a string or a Rational instance')
        else:
            if isinstance(numerator, Fraction) or isinstance(denominator, Fraction):
                a = Fraction(numerator)
                b = Fraction(denominator)
                n, d = a._numerator * b._denominator, a._denominator * b._numerator
            elif isinstance(numerator, int) and isinstance(denominator, int):
                n, d = numerator, denominator
            else:
                raise TypeError('both arguments should be Rational instances')
            if d == 0:
                raise ZeroDivisionError('Fraction(%s, 0)' % n)
        g = _gcd(n, d)
        if d < 0:
            g = -g
        self._numerator = n // g
        self._denominator = d // g

    numerator = property(lambda self: self._numerator)
    denominator = property(lambda self: self._denominator)

    @classmethod
    def from_float(cls, f):
        return cls(f)

    @classmethod
    def from_decimal(cls, d):
        return cls(str(d))

    def limit_denominator(self, max_denominator=1000000):
        if max_denominator < 1:
            raise ValueError('max_denominator should be at least 1')
        if self._denominator <= max_denominator:
            return Fraction(self)
        p0, q0, p1, q1 = 0, 1, 1, 0
        n, d = self._numerator, self._denominator
        while True:
            a = n // d
            q2 = q0 + a * q1
            if q2 > max_denominator:
                break
            p0, q0, p1, q1 = p1, q1, p0 + a * p1, q2
            n, d = d, n - a * d
        k = (max_denominator - q0) // q1
        bound1 = Fraction(p0 + k * p1, q0 + k * q1)
        bound2 = Fraction(p1, q1)
        if abs(bound2 - self) <= abs(bound1 - self):
            return bound2
        return bound1

    def as_integer_ratio(self):
        return self._numerator, self._denominator

    def __repr__(self):
        return 'Fraction(%d, %d)' % (self._numerator, self._denominator)

    def __str__(self):
        if self._denominator == 1:
            return str(self._numerator)
        return '%d/%d' % (self._numerator, self._denominator)

    def __format__(self, spec):
        if not spec:
            return str(self)
        return format(float(self), spec)

    @staticmethod
    def _coerce(other):
        if isinstance(other, Fraction):
            return other
        if isinstance(other, int):
            return Fraction(other)
        return None

    def _op(self, other, op, fop):
        o = Fraction._coerce(other)
        if o is None:
            if isinstance(other, float):
                return fop(float(self), other)
            if isinstance(other, complex):
                return fop(complex(float(self)), other)
            return NotImplemented
        return op(self, o)

    def _rop(self, other, op, fop):
        o = Fraction._coerce(other)
        if o is None:
            if isinstance(other, float):
                return fop(other, float(self))
            return NotImplemented
        return op(o, self)

    @staticmethod
    def _add(a, b):
        return Fraction(a._numerator * b._denominator + b._numerator * a._denominator, a._denominator * b._denominator)

    @staticmethod
    def _sub(a, b):
        return Fraction(a._numerator * b._denominator - b._numerator * a._denominator, a._denominator * b._denominator)

    @staticmethod
    def _mul(a, b):
        return Fraction(a._numerator * b._numerator, a._denominator * b._denominator)

    @staticmethod
    def _div(a, b):
        if b._numerator == 0:
            raise ZeroDivisionError('Fraction(%s, 0)' % (a._numerator * b._denominator))
        return Fraction(a._numerator * b._denominator, a._denominator * b._numerator)

    @staticmethod
    def _floordiv(a, b):
        return (a._numerator * b._denominator) // (a._denominator * b._numerator)

    @staticmethod
    def _mod(a, b):
        n = (a._numerator * b._denominator) % (b._numerator * a._denominator)
        return Fraction(n, a._denominator * b._denominator)

    def __add__(self, other):
        return self._op(other, Fraction._add, lambda a, b: a + b)

    def __radd__(self, other):
        return self._rop(other, Fraction._add, lambda a, b: a + b)

    def __sub__(self, other):
        return self._op(other, Fraction._sub, lambda a, b: a - b)

    def __rsub__(self, other):
        return self._rop(other, Fraction._sub, lambda a, b: a - b)

    def __mul__(self, other):
        return self._op(other, Fraction._mul, lambda a, b: a * b)

    def __rmul__(self, other):
        return self._rop(other, Fraction._mul, lambda a, b: a * b)

    def __truediv__(self, other):
        return self._op(other, Fraction._div, lambda a, b: a / b)

    def __rtruediv__(self, other):
        return self._rop(other, Fraction._div, lambda a, b: a / b)

    def __floordiv__(self, other):
        return self._op(other, Fraction._floordiv, lambda a, b: a // b)

    def __rfloordiv__(self, other):
        return self._rop(other, Fraction._floordiv, lambda a, b: a // b)

    def __mod__(self, other):
        return self._op(other, Fraction._mod, lambda a, b: a % b)

    def __rmod__(self, other):
        return self._rop(other, Fraction._mod, lambda a, b: a % b)

    def __divmod__(self, other):
        return (self // other, self % other)

    def __pow__(self, other):
        if isinstance(other, int) or (isinstance(other, Fraction) and other._denominator == 1):
            p = other if isinstance(other, int) else other._numerator
            if p >= 0:
                return Fraction(self._numerator ** p, self._denominator ** p)
            if self._numerator == 0:
                raise ZeroDivisionError('Fraction(%s, 0)' % (self._denominator ** -p))
            return Fraction(self._denominator ** -p, self._numerator ** -p)
        return float(self) ** float(other)

    def __rpow__(self, other):
        if self._denominator == 1 and self._numerator >= 0:
            return other ** self._numerator
        return other ** float(self)

    def __pos__(self):
        return Fraction(self)

    def __neg__(self):
        return Fraction(-self._numerator, self._denominator)

    def __abs__(self):
        return Fraction(abs(self._numerator), self._denominator)

    def __int__(self):
        if self._numerator < 0:
            return -(-self._numerator // self._denominator)
        return self._numerator // self._denominator

    __trunc__ = __int__

    def __floor__(self):
        return self._numerator // self._denominator

    def __ceil__(self):
        return -(-self._numerator // self._denominator)

    def __round__(self, ndigits=None):
        if ndigits is None:
            floor, remainder = divmod(self._numerator, self._denominator)
            if remainder * 2 < self._denominator:
                return floor
            if remainder * 2 > self._denominator:
                return floor + 1
            return floor if floor % 2 == 0 else floor + 1
        shift = 10 ** abs(ndigits)
        if ndigits > 0:
            return Fraction(round(self * shift), shift)
        return Fraction(round(self / shift) * shift)

    def __float__(self):
        return self._numerator / self._denominator

    def __hash__(self):
        if self._denominator == 1:
            return hash(self._numerator)
        return hash(float(self))

    def _cmp(self, other):
        o = Fraction._coerce(other)
        if o is None:
            if isinstance(other, float):
                f = float(self)
                return (f > other) - (f < other)
            return None
        a = self._numerator * o._denominator
        b = o._numerator * self._denominator
        return (a > b) - (a < b)

    def __eq__(self, other):
        c = self._cmp(other)
        return NotImplemented if c is None else c == 0

    def __ne__(self, other):
        c = self._cmp(other)
        return NotImplemented if c is None else c != 0

    def __lt__(self, other):
        c = self._cmp(other)
        return NotImplemented if c is None else c < 0

    def __le__(self, other):
        c = self._cmp(other)
        return NotImplemented if c is None else c <= 0

    def __gt__(self, other):
        c = self._cmp(other)
        return NotImplemented if c is None else c > 0

    def __ge__(self, other):
        c = self._cmp(other)
        return NotImplemented if c is None else c >= 0

    def __bool__(self):
        return self._numerator != 0


def _from_float(f):
    if f != f or f in (float('inf'), float('-inf')):
        raise ValueError('cannot convert %r to Fraction' % f)
    m, e = math.frexp(f)
    n = int(m * (1 << 53))
    e -= 53
    if e >= 0:
        return n << e, 1
    return n, 1 << -e


def _from_str(s):
    s = s.strip()
    if '/' in s:
        a, b = s.split('/')
        return int(a.strip()), int(b.strip())
    sign = 1
    if s[:1] in '+-':
        if s[0] == '-':
            sign = -1
        s = s[1:]
    exp = 0
    low = s.lower()
    if 'e' in low:
        i = low.index('e')
        exp = int(s[i + 1:])
        s = s[:i]
    if '.' in s:
        whole, frac = s.split('.')
        n = int((whole or '0') + frac) if (whole or frac) else None
        if n is None:
            raise ValueError('Invalid literal for Fraction: %r' % s)
        d = 10 ** len(frac)
    else:
        n = int(s)
        d = 1
    if exp > 0:
        n *= 10 ** exp
    elif exp < 0:
        d *= 10 ** -exp
    return sign * n, d
