# List indexing and slicing: sieve of Eratosthenes.
def sieve(n):
    flags = [True] * (n + 1)
    flags[0] = flags[1] = False
    i = 2
    while i * i <= n:
        if flags[i]:
            for k in range(i * i, n + 1, i):
                flags[k] = False
        i += 1
    return [i for i in range(n + 1) if flags[i]]

primes = sieve(400000)
print(len(primes), sum(primes) % 1000003)
