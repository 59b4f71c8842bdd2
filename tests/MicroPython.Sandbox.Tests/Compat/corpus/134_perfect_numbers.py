def divisors(n):
    small = [d for d in range(1, int(n ** 0.5) + 1) if n % d == 0]
    large = [n // d for d in small if d * d != n]
    return small + large[::-1]

def classify(n):
    s = sum(divisors(n)) - n
    return "perfect" if s == n else "abundant" if s > n else "deficient"

print([n for n in range(2, 10000) if classify(n) == "perfect"])
print({n: classify(n) for n in (12, 28, 35)})
print(divisors(36))
