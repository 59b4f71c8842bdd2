import csv
import io

DATA = """region,quarter,sales
north,Q1,100
south,Q1,80
north,Q2,120
south,Q2,90
east,Q1,50
east,Q2,75
"""
rows = list(csv.DictReader(io.StringIO(DATA)))
regions = sorted({r["region"] for r in rows})
quarters = sorted({r["quarter"] for r in rows})
table = {(r["region"], r["quarter"]): int(r["sales"]) for r in rows}
print("region  " + "  ".join(f"{q:>5}" for q in quarters) + "  total")
for reg in regions:
    vals = [table.get((reg, q), 0) for q in quarters]
    print(f"{reg:<8}" + "  ".join(f"{v:>5}" for v in vals) + f"  {sum(vals):>5}")
