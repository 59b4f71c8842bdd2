import csv
import io

DATA = """date,item,qty,unit_price
2024-01-03,apple,4,0.5
2024-01-03,banana,6,0.25
2024-01-04,apple,2,0.5
2024-01-05,cherry,10,0.1
2024-01-05,banana,3,0.25
"""

reader = csv.DictReader(io.StringIO(DATA))
totals = {}
for row in reader:
    amount = int(row["qty"]) * float(row["unit_price"])
    totals[row["item"]] = totals.get(row["item"], 0.0) + amount

out = io.StringIO()
writer = csv.writer(out, lineterminator="\n")
writer.writerow(["item", "total"])
for item in sorted(totals):
    writer.writerow([item, f"{totals[item]:.2f}"])
print(out.getvalue(), end="")
