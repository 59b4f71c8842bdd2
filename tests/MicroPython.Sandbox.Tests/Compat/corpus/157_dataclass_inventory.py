from dataclasses import dataclass, field
from typing import List


@dataclass
class Item:
    name: str
    price: float
    quantity: int = 0

    @property
    def total(self) -> float:
        return self.price * self.quantity


@dataclass
class Inventory:
    items: List[Item] = field(default_factory=list)

    def add(self, item: Item) -> None:
        self.items.append(item)

    def total_value(self) -> float:
        return sum(i.total for i in self.items)

    def low_stock(self, threshold: int = 5) -> List[str]:
        return [i.name for i in self.items if i.quantity < threshold]


inv = Inventory()
inv.add(Item("widget", 2.50, 10))
inv.add(Item("gadget", 13.99, 3))
inv.add(Item("doohickey", 0.75))
print(inv.items[0])
print(f"Total: ${inv.total_value():.2f}")
print("Low stock:", inv.low_stock())
