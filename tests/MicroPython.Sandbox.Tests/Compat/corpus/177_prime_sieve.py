import math


def sieve(limit: int) -> list:
    is_prime = [True] * (limit + 1)
    is_prime[0:2] = [False, False]
    for i in range(2, math.isqrt(limit) + 1):
        if is_prime[i]:
            for j in range(i * i, limit + 1, i):
                is_prime[j] = False
    return [i for i, p in enumerate(is_prime) if p]


primes = sieve(100)
print(primes)
print(len(sieve(10000)), sum(primes))
assert sieve(1) == []
twins = [(p, p + 2) for p in primes if p + 2 in set(primes)]
print(twins[:5])
