from collections import namedtuple
import math

Point = namedtuple("Point", ["x", "y"])


def distance(p: Point, q: Point) -> float:
    return math.hypot(p.x - q.x, p.y - q.y)


pts = [Point(0, 0), Point(3, 4), Point(-1, 2)]
print(pts[1], pts[1]._asdict())
print(round(distance(pts[0], pts[1]), 3))
far = max(pts, key=lambda p: distance(p, Point(0, 0)))
print("farthest:", far)
print(pts[2]._replace(x=10), Point._fields)
