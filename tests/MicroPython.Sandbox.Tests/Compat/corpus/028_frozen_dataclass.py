from dataclasses import dataclass, replace, FrozenInstanceError

@dataclass(frozen=True)
class Color:
    r: int
    g: int
    b: int

    def hex(self) -> str:
        return "#{:02x}{:02x}{:02x}".format(self.r, self.g, self.b)

red = Color(255, 0, 0)
print(red, red.hex())
try:
    red.r = 10
except FrozenInstanceError as e:
    print("Cannot modify:", e)
pink = replace(red, g=192, b=203)
print(pink.hex(), {red, Color(255, 0, 0), pink} == {red, pink})
