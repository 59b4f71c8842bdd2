from dataclasses import dataclass, field
from typing import Dict

@dataclass
class Cart:
    items: Dict[str, int] = field(default_factory=dict)
    prices: Dict[str, float] = field(default_factory=lambda: {"apple": 0.5, "bread": 2.25, "milk": 1.2})

    def add(self, item: str, qty: int = 1) -> None:
        if item not in self.prices:
            raise KeyError(item)
        self.items[item] = self.items.get(item, 0) + qty

    def remove(self, item: str) -> None:
        self.items.pop(item, None)

    def total(self) -> float:
        return round(sum(self.prices[i] * q for i, q in self.items.items()), 2)

cart = Cart()
cart.add("apple", 4)
cart.add("bread")
cart.add("milk", 2)
cart.remove("bread")
print(sorted(cart.items.items()), cart.total())
try:
    cart.add("caviar")
except KeyError as e:
    print("unknown item", e)
