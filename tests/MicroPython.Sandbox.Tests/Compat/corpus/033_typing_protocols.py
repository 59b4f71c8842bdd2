from typing import Protocol, List, Iterable
import math

class Shape(Protocol):
    def area(self) -> float: ...
    def name(self) -> str: ...

class Circle:
    def __init__(self, r: float) -> None:
        self.r = r
    def area(self) -> float:
        return math.pi * self.r ** 2
    def name(self) -> str:
        return "circle"

class Square:
    def __init__(self, side: float) -> None:
        self.side = side
    def area(self) -> float:
        return self.side ** 2
    def name(self) -> str:
        return "square"

def total_area(shapes: Iterable[Shape]) -> float:
    return sum(s.area() for s in shapes)

shapes: List[Shape] = [Circle(1), Square(2), Circle(0.5)]
for sh in shapes:
    print(f"{sh.name():>6}: {sh.area():.3f}")
print(f"total: {total_area(shapes):.3f}")
