# statistics for MicroPython.Sandbox.
import math


class StatisticsError(ValueError):
    pass


def _data(data, least=1, what='requires at least one data point'):
    data = list(data)
    if len(data) < least:
        raise StatisticsError(what)
    return data


def _sum(data):
    if all(isinstance(x, int) for x in data):
        return sum(data)
    try:
        from fractions import Fraction
        if any(isinstance(x, Fraction) for x in data):
            return sum(data, Fraction(0))
    except ImportError:
        pass
    return math.fsum(data)


def _result(total, n, data):
    # CPython keeps the type of integer data when the exact result is a whole number.
    if isinstance(total, int) and total % n == 0:
        return total // n
    return total / n


def mean(data):
    data = _data(data, 1, 'mean requires at least one data point')
    return _result(_sum(data), len(data), data)


def fmean(data, weights=None):
    data = list(data)
    if not data:
        raise StatisticsError('fmean requires at least one data point')
    if weights is None:
        return math.fsum(data) / len(data)
    weights = list(weights)
    return math.fsum(x * w for x, w in zip(data, weights)) / math.fsum(weights)


def geometric_mean(data):
    data = _data(data, 1, 'geometric mean requires a non-empty dataset containing positive numbers')
    return math.exp(fmean([math.log(x) for x in data]))


def harmonic_mean(data, weights=None):
    data = _data(data, 1, 'harmonic_mean requires at least one data point')
    if any(x < 0 for x in data):
        raise StatisticsError('harmonic mean does not support negative values')
    if any(x == 0 for x in data):
        return 0
    if weights is None:
        weights = [1] * len(data)
    return sum(weights) / sum(w / x for x, w in zip(data, weights))


def median(data):
    data = sorted(_data(data, 1, 'no median for empty data'))
    n = len(data)
    if n % 2 == 1:
        return data[n // 2]
    i = n // 2
    return (data[i - 1] + data[i]) / 2


def median_low(data):
    data = sorted(_data(data, 1, 'no median for empty data'))
    n = len(data)
    return data[n // 2] if n % 2 else data[n // 2 - 1]


def median_high(data):
    data = sorted(_data(data, 1, 'no median for empty data'))
    return data[len(data) // 2]


def median_grouped(data, interval=1):
    data = sorted(_data(data, 1, 'no median for empty data'))
    n = len(data)
    x = data[n // 2]
    L = x - interval / 2
    cf = sum(1 for v in data if v < x)
    f = sum(1 for v in data if v == x)
    return L + interval * (n / 2 - cf) / f


def _counts(data):
    counts = []
    index = {}
    for x in data:
        if x in index:
            counts[index[x]][1] += 1
        else:
            index[x] = len(counts)
            counts.append([x, 1])
    return counts


def mode(data):
    counts = _counts(data)
    if not counts:
        raise StatisticsError('no mode for empty data')
    best = counts[0]
    for c in counts:
        if c[1] > best[1]:
            best = c
    return best[0]


def multimode(data):
    counts = _counts(data)
    if not counts:
        return []
    top = max(c[1] for c in counts)
    return [c[0] for c in counts if c[1] == top]


def _ss(data, c=None):
    if c is None:
        c = mean(data)
    if all(isinstance(x, int) for x in data) and isinstance(c, int):
        return sum((x - c) ** 2 for x in data)
    total = math.fsum((x - c) ** 2 for x in data)
    # Correct for rounding in c, as CPython does.
    total -= math.fsum(x - c for x in data) ** 2 / len(data)
    return total


def variance(data, xbar=None):
    data = _data(data, 2, 'variance requires at least two data points')
    return _exact_div(data, xbar, len(data) - 1)


def pvariance(data, mu=None):
    data = _data(data, 1, 'pvariance requires at least one data point')
    return _exact_div(data, mu, len(data))


def _exact_div(data, c, d):
    if c is None and all(isinstance(x, int) for x in data):
        # Exact arithmetic for integer data, as CPython (which works in fractions) gets.
        n = len(data)
        s = sum(data)
        ss = n * sum(x * x for x in data) - s * s
        num, den = ss, n * d
        if num % den == 0:
            return num // den
        from fractions import Fraction
        return float(Fraction(num, den))
    return _ss(data, c) / d


def stdev(data, xbar=None):
    return math.sqrt(variance(data, xbar))


def pstdev(data, mu=None):
    return math.sqrt(pvariance(data, mu))


def quantiles(data, *, n=4, method='exclusive'):
    if n < 1:
        raise StatisticsError('n must be at least 1')
    data = sorted(data)
    ld = len(data)
    if ld < 2:
        raise StatisticsError('must have at least two data points')
    result = []
    if method == 'inclusive':
        m = ld - 1
        for i in range(1, n):
            j, delta = divmod(i * m, n)
            interpolated = (data[j] * (n - delta) + data[j + 1] * delta) / n
            result.append(interpolated)
        return result
    m = ld + 1
    for i in range(1, n):
        j = i * m // n
        j = 1 if j < 1 else ld - 1 if j > ld - 1 else j
        delta = i * m - j * n
        interpolated = (data[j - 1] * (n - delta) + data[j] * delta) / n
        result.append(interpolated)
    return result


def covariance(x, y):
    n = len(x)
    if len(y) != n:
        raise StatisticsError('covariance requires that both inputs have same number of data points')
    if n < 2:
        raise StatisticsError('covariance requires at least two data points')
    xbar = fmean(x)
    ybar = fmean(y)
    return math.fsum((a - xbar) * (b - ybar) for a, b in zip(x, y)) / (n - 1)


def correlation(x, y):
    n = len(x)
    if len(y) != n:
        raise StatisticsError('correlation requires that both inputs have same number of data points')
    if n < 2:
        raise StatisticsError('correlation requires at least two data points')
    xbar = fmean(x)
    ybar = fmean(y)
    sxy = math.fsum((a - xbar) * (b - ybar) for a, b in zip(x, y))
    sxx = math.fsum((a - xbar) ** 2 for a in x)
    syy = math.fsum((b - ybar) ** 2 for b in y)
    try:
        return sxy / math.sqrt(sxx * syy)
    except ZeroDivisionError:
        raise StatisticsError('at least one of the inputs is constant')


class LinearRegression(tuple):
    def __init__(self, slope, intercept):
        super().__init__((slope, intercept))

    slope = property(lambda s: s[0])
    intercept = property(lambda s: s[1])

    def __repr__(self):
        return 'LinearRegression(slope=%r, intercept=%r)' % tuple(self)

    __str__ = __repr__


def linear_regression(x, y, *, proportional=False):
    n = len(x)
    if len(y) != n:
        raise StatisticsError('linear regression requires that both inputs have same number of data points')
    if n < 2:
        raise StatisticsError('linear regression requires at least two data points')
    if proportional:
        sxy = math.fsum(a * b for a, b in zip(x, y))
        sxx = math.fsum(a * a for a in x)
        return LinearRegression(sxy / sxx, 0.0)
    xbar = fmean(x)
    ybar = fmean(y)
    sxy = math.fsum((a - xbar) * (b - ybar) for a, b in zip(x, y))
    sxx = math.fsum((a - xbar) ** 2 for a in x)
    if sxx == 0:
        raise StatisticsError('x is constant')
    slope = sxy / sxx
    return LinearRegression(slope, ybar - slope * xbar)
