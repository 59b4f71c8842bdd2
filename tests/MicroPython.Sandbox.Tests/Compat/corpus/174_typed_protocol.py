from typing import Protocol, Iterable, Union, Dict, Any
from abc import ABC, abstractmethod
import math


class Shape(ABC):
    @abstractmethod
    def area(self) -> float: ...

    def describe(self) -> str:
        return f"{type(self).__name__} with area {self.area():.2f}"


class Circle(Shape):
    def __init__(self, r: float):
        self.r = r

    def area(self) -> float:
        return math.pi * self.r ** 2


class Rect(Shape):
    def __init__(self, w: float, h: float):
        self.w, self.h = w, h

    def area(self) -> float:
        return self.w * self.h


def total_area(shapes: Iterable[Shape]) -> float:
    return sum(s.area() for s in shapes)


shapes = [Circle(1), Rect(2, 3), Circle(0.5)]
for s in shapes:
    print(s.describe())
print(f"total = {total_area(shapes):.3f}")
try:
    Shape()
except TypeError as e:
    print("cannot instantiate abstract class")
