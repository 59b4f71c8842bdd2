# Closures and higher-order functions: nonlocal state, lambdas, map and filter.
def counter():
    count = 0

    def inc(step):
        nonlocal count
        count += step
        return count

    return inc


def compose(f, g):
    return lambda x: f(g(x))


def run(n):
    inc = counter()
    f = compose(lambda x: x + 1, lambda x: x * 3)
    total = 0
    for i in range(n):
        total += f(i) + inc(i & 7)
    total += sum(map(lambda v: v % 11, filter(lambda v: v & 1, range(n))))
    return total

print(run(150000))
