rows = [("Alpha", 1, 0.5), ("Beta", 22, 12.25), ("Gamma", 333, 1234.5)]
header = f"{'Name':<8}{'Qty':>6}{'Price':>10}{'Total':>12}"
print(header)
print("-" * len(header))
grand = 0
for name, qty, price in rows:
    total = qty * price
    grand += total
    print(f"{name:<8}{qty:>6}{price:>10.2f}{total:>12.2f}")
print("-" * len(header))
print(f"{'TOTAL':<24}{grand:>12.2f}")
