from dataclasses import dataclass, field, asdict
from typing import List, Optional

@dataclass
class Item:
    name: str
    price: float
    tags: List[str] = field(default_factory=list)
    discount: Optional[float] = None

    def final_price(self) -> float:
        if self.discount:
            return round(self.price * (1 - self.discount), 2)
        return self.price

items = [Item("pen", 1.5), Item("book", 12.0, ["paper"], 0.1), Item("bag", 30.0, discount=0.25)]
for it in items:
    print(it, "->", it.final_price())
print(asdict(items[1]))
print(items[0] == Item("pen", 1.5))
