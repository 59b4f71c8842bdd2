import csv
import io

RAW = """region,product,units,price
North,apple,10,0.5
South,apple,4,0.55
North,pear,7,0.8
East,plum,12,0.3
South,pear,3,0.85
"""

reader = csv.DictReader(io.StringIO(RAW))
totals = {}
for row in reader:
    revenue = int(row["units"]) * float(row["price"])
    totals[row["region"]] = totals.get(row["region"], 0) + revenue

out = io.StringIO()
writer = csv.writer(out, lineterminator="\n")
writer.writerow(["region", "revenue"])
for region in sorted(totals):
    writer.writerow([region, f"{totals[region]:.2f}"])
print(out.getvalue(), end="")
