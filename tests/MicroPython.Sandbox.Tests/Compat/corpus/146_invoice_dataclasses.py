from dataclasses import dataclass, field
from typing import List

@dataclass
class Line:
    description: str
    quantity: int
    unit_price: float

    @property
    def amount(self) -> float:
        return self.quantity * self.unit_price

@dataclass
class Invoice:
    number: str
    customer: str
    lines: List[Line] = field(default_factory=list)
    tax_rate: float = 0.2

    def subtotal(self) -> float:
        return sum(l.amount for l in self.lines)

    def total(self) -> float:
        return round(self.subtotal() * (1 + self.tax_rate), 2)

inv = Invoice("INV-001", "ACME")
inv.lines.append(Line("Consulting", 10, 120.0))
inv.lines.append(Line("Hosting", 1, 49.99))
print(inv.number, inv.customer, len(inv.lines))
for l in inv.lines:
    print(f"  {l.description:<12}{l.quantity:>4} x {l.unit_price:>8.2f} = {l.amount:>9.2f}")
print(f"subtotal {inv.subtotal():.2f} total {inv.total():.2f}")
