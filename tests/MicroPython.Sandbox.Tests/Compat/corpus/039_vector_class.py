import math

class Vector:
    def __init__(self, *components):
        self.components = tuple(components)

    def __add__(self, other):
        return Vector(*(a + b for a, b in zip(self.components, other.components)))

    def __sub__(self, other):
        return Vector(*(a - b for a, b in zip(self.components, other.components)))

    def __mul__(self, scalar):
        return Vector(*(a * scalar for a in self.components))

    __rmul__ = __mul__

    def dot(self, other):
        return sum(a * b for a, b in zip(self.components, other.components))

    def __abs__(self):
        return math.sqrt(self.dot(self))

    def __eq__(self, other):
        return self.components == other.components

    def __iter__(self):
        return iter(self.components)

    def __repr__(self):
        return f"Vector{self.components}"

v = Vector(3, 4)
w = Vector(1, -2)
print(v + w, v - w, 2 * v, v * 0.5)
print(abs(v), v.dot(w), list(v), v == Vector(3, 4))
