from dataclasses import dataclass
from typing import List

@dataclass
class Sale:
    region: str
    product: str
    units: int
    price: float

    @property
    def revenue(self) -> float:
        return self.units * self.price

sales: List[Sale] = [
    Sale("North", "Widget", 10, 2.5),
    Sale("South", "Gadget", 3, 10.0),
    Sale("North", "Gadget", 7, 10.0),
    Sale("East", "Widget", 12, 2.5),
    Sale("South", "Widget", 5, 2.5),
]

totals = {}
for s in sales:
    totals[s.region] = totals.get(s.region, 0) + s.revenue

for region in sorted(totals):
    print(f"{region:<6} {totals[region]:>8.2f}")
best = max(sales, key=lambda s: s.revenue)
print("Best sale:", best)
print("Grand total:", sum(s.revenue for s in sales))
