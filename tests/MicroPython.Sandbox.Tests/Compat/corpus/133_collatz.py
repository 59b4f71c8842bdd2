from functools import lru_cache

@lru_cache(maxsize=None)
def collatz_length(n: int) -> int:
    length = 1
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        length += 1
    return length

best = max(range(1, 10000), key=collatz_length)
print(best, collatz_length(best))
print([collatz_length(n) for n in range(1, 11)])
