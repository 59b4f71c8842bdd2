from math import gcd
from functools import reduce

def lcm(a, b):
    return a * b // gcd(a, b)

def prime_factors(n):
    factors = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors.append(d)
            n //= d
        d += 1
    if n > 1:
        factors.append(n)
    return factors

print(reduce(gcd, [48, 180, 36]), reduce(lcm, range(1, 11)))
for n in [60, 97, 1001, 2 ** 10, 123456]:
    print(n, prime_factors(n))
