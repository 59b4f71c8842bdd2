from typing import Any, Iterator

def flatten(items: list) -> Iterator[Any]:
    for item in items:
        if isinstance(item, (list, tuple)):
            yield from flatten(item)
        else:
            yield item

nested = [1, [2, 3, [4, 5]], (6, [7, [8]]), 9]
flat = list(flatten(nested))
print(flat)
print("Sum:", sum(flat))
print("Evens:", [x for x in flat if x % 2 == 0])
