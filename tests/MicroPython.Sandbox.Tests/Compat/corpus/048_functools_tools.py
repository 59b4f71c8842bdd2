from functools import reduce, partial, wraps, cmp_to_key
import operator

print(reduce(operator.add, range(1, 11)))
print(reduce(lambda acc, x: acc * x, [1, 2, 3, 4, 5], 1))
int_from_binary = partial(int, base=2)
print(int_from_binary("1011"), int_from_binary("1111"))

def logged(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        result = func(*args, **kwargs)
        print(f"called with {args} -> {result}")
        return result
    return wrapper

@logged
def add(a, b):
    return a + b

add(2, 3)
def compare(a, b):
    return (len(a) > len(b)) - (len(a) < len(b)) or (a > b) - (a < b)
print(sorted(["pear", "fig", "apple", "kiwi", "date"], key=cmp_to_key(compare)))
