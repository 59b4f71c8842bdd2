rows = [("Widget", 3, 4.5), ("Gizmo", 12, 0.99), ("Thingamajig", 1, 120.0)]
header = f"{'Name':<12}|{'Qty':>5}|{'Price':>9}"
print(header)
print("-" * len(header))
for name, qty, price in rows:
    print(f"{name:<12}|{qty:>5}|{price:>9.2f}")
print(f"{'TOTAL':<12}|{sum(r[1] for r in rows):>5}|{sum(r[1] * r[2] for r in rows):>9.2f}")
print("{:08.3f} {:+d} {:x} {:o} {:b} {:e}".format(3.14159, 5, 255, 8, 5, 12345.678))
print("%s has %d items costing %.1f%%" % ("cart", 3, 12.5))
print(str(42).zfill(5), "x".ljust(3, "."), "x".rjust(3, "."))
