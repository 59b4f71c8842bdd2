class Point3D:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x, self.y, self.z = x, y, z

    def __repr__(self):
        return f"Point3D(x={self.x}, y={self.y}, z={self.z})"

    def __eq__(self, other):
        return (self.x, self.y, self.z) == (other.x, other.y, other.z)

    def __hash__(self):
        return hash((self.x, self.y, self.z))

pts = {Point3D(1, 2, 3), Point3D(1, 2, 3), Point3D(0, 0, 0)}
print(len(pts))
p = Point3D(4, 5, 6)
print(p, p.x + p.y + p.z)
print(sorted(pts, key=lambda q: q.x))
