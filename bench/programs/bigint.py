# Big integers: factorials, powers and digit sums.
def run():
    f = 1
    for i in range(2, 1500):
        f *= i
    p = pow(3, 5000) - pow(7, 2000)
    q = (f // p) if p else 0
    digits = sum(int(c) for c in str(f))
    fibs = [0, 1]
    for _ in range(3000):
        fibs.append(fibs[-1] + fibs[-2])
    return digits, q % 1000000007, fibs[-1] % 1000000007, len(str(fibs[-1]))

print(run())
