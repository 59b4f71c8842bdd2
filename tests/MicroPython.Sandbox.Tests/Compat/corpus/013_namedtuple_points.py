from collections import namedtuple
import math

Point = namedtuple("Point", ["x", "y"])

def distance(p: Point, q: Point) -> float:
    return math.hypot(q.x - p.x, q.y - p.y)

points = [Point(0, 0), Point(3, 4), Point(-1, 2), Point(6, 8)]
origin = points[0]
for p in points[1:]:
    print(f"{p} -> {distance(origin, p):.3f}")
far = max(points, key=lambda p: distance(origin, p))
print("Farthest:", far, far._asdict())
print(far._replace(x=0))
