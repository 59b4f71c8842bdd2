def make_counter(start=0, step=1):
    count = start
    def counter():
        nonlocal count
        count += step
        return count
    return counter

c1 = make_counter()
c2 = make_counter(100, 10)
print([c1() for _ in range(3)], [c2() for _ in range(3)])

def make_multipliers():
    return [lambda x, i=i: x * i for i in range(4)]

print([m(10) for m in make_multipliers()])
adders = {name: (lambda n: lambda x: x + n)(n) for name, n in [("one", 1), ("ten", 10)]}
print(adders["one"](5), adders["ten"](5))
