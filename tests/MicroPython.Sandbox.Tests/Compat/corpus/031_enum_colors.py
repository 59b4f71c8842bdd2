from enum import Enum, IntEnum

class Color(Enum):
    RED = "#ff0000"
    GREEN = "#00ff00"
    BLUE = "#0000ff"

    @property
    def rgb(self):
        h = self.value.lstrip("#")
        return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))

class Priority(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3

for c in Color:
    print(c.name, c.value, c.rgb)
print(Color("#00ff00"), repr(Color.BLUE))
print(Priority.HIGH > Priority.LOW, Priority.MEDIUM + 1, sorted([Priority.HIGH, Priority.LOW]))
print(len(Color), Color.RED in Color)
