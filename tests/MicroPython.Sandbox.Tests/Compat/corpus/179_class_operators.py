from functools import total_ordering


@total_ordering
class Money:
    def __init__(self, cents: int):
        self.cents = cents

    def __add__(self, other: "Money") -> "Money":
        return Money(self.cents + other.cents)

    def __mul__(self, k: int) -> "Money":
        return Money(self.cents * k)

    __rmul__ = __mul__

    def __eq__(self, other):
        return self.cents == other.cents

    def __lt__(self, other):
        return self.cents < other.cents

    def __hash__(self):
        return hash(self.cents)

    def __repr__(self):
        return f"Money({self.cents / 100:.2f})"


a, b = Money(250), Money(199)
print(a + b, 3 * b, b * 2)
print(a > b, a <= b, sorted([a, b, Money(5)]))
print(len({Money(1), Money(1), Money(2)}))
