# Generators: chained generator pipelines and generator expressions.
def numbers(n):
    for i in range(n):
        yield i


def squares(it):
    for x in it:
        yield x * x


def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x


def run(n):
    total = 0
    for v in evens(squares(numbers(n))):
        total += v % 1000
    total += sum(x % 7 for x in range(n))
    return total

print(run(250000))
