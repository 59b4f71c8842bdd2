# Floating point: a small n-body style integration; prints a rounded checksum.
def run(steps):
    xs = [0.0, 1.0, -1.0, 0.5]
    vs = [0.0, 0.1, -0.1, 0.05]
    ms = [10.0, 1.0, 1.0, 0.5]
    dt = 0.001
    n = len(xs)
    for _ in range(steps):
        for i in range(n):
            a = 0.0
            xi = xs[i]
            for j in range(n):
                if i != j:
                    d = xs[j] - xi
                    a += ms[j] * d / ((d * d + 0.01) ** 1.5)
            vs[i] += a * dt
        for i in range(n):
            xs[i] += vs[i] * dt
    return sum(int(x * 1000) for x in xs)

print(run(12000))
