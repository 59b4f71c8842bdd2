from functools import total_ordering

@total_ordering
class Money:
    def __init__(self, cents: int):
        self.cents = cents

    @classmethod
    def from_str(cls, s: str) -> "Money":
        d, c = s.replace("$", "").split(".")
        return cls(int(d) * 100 + int(c))

    def __add__(self, other):
        return Money(self.cents + other.cents)

    def __mul__(self, k):
        return Money(round(self.cents * k))

    def __eq__(self, other):
        return self.cents == other.cents

    def __lt__(self, other):
        return self.cents < other.cents

    def __repr__(self):
        return f"${self.cents // 100}.{self.cents % 100:02d}"

a = Money.from_str("$12.50")
b = Money(799)
print(a + b, a * 3, b * 0.5)
print(a > b, a <= b, sorted([a, b, Money(5)]))
print(sum([a, b, Money(1)], Money(0)))
