# Dictionary with integer keys: memoised Collatz chain lengths.
def run(limit):
    cache = {1: 1}
    best = 0
    best_n = 1
    for start in range(2, limit):
        n = start
        path = []
        while n not in cache:
            path.append(n)
            n = n // 2 if n % 2 == 0 else 3 * n + 1
        length = cache[n]
        for m in reversed(path):
            length += 1
            cache[m] = length
        if length > best:
            best, best_n = length, start
    return best_n, best, len(cache)

print(run(6000))
