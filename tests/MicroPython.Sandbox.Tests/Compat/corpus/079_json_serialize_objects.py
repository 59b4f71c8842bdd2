import json
from dataclasses import dataclass, asdict

@dataclass
class Book:
    title: str
    year: int
    authors: list

books = [Book("SICP", 1985, ["Abelson", "Sussman"]), Book("TAOCP", 1968, ["Knuth"])]
print(json.dumps([asdict(b) for b in books]))

class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

def encode(o):
    if isinstance(o, Point):
        return {"x": o.x, "y": o.y}
    raise TypeError(f"not serializable: {type(o).__name__}")

print(json.dumps({"p": Point(1, 2), "q": [Point(3, 4)]}, default=encode))
try:
    json.dumps({"s": {1, 2}})
except TypeError as e:
    print("TypeError:", e)
