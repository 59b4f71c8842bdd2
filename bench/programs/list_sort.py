# List work: building, sorting with keys, comprehensions and slicing.
def run(n):
    seed = 12345
    data = []
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        data.append(seed % 100000)
    a = sorted(data)
    b = sorted(data, key=lambda v: (v % 100, -v))
    c = [x * 2 for x in a if x % 3 == 0]
    d = a[::7] + b[1::11]
    d.reverse()
    return a[n // 2], b[n // 3], len(c), sum(d) % 1000003

print(run(100000))
