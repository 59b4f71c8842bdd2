# Sets and tuples: membership, set algebra, tuple packing and unpacking.
def run(n):
    seen = set()
    pairs = []
    for i in range(n):
        key = (i % 97) * 1000 + i % 89
        if key not in seen:
            seen.add(key)
            pairs.append((key // 1000, key % 1000))
    a = set(range(0, n, 3))
    b = set(range(0, n, 5))
    total = 0
    for x, y in pairs:
        total += x * y
    return len(seen), total, len(a | b), len(a & b), len(a - b)

print(run(40000))
