from itertools import groupby
from operator import itemgetter

records = [
    ("2024-01", "food", 12.5),
    ("2024-01", "rent", 800),
    ("2024-02", "food", 15.0),
    ("2024-02", "fun", 40),
    ("2024-02", "food", 7.5),
    ("2024-03", "rent", 800),
]
for month, rows in groupby(records, key=itemgetter(0)):
    rows = list(rows)
    print(month, len(rows), sum(r[2] for r in rows))

by_cat = sorted(records, key=itemgetter(1))
for cat, rows in groupby(by_cat, key=itemgetter(1)):
    print(f"{cat:<5}{sum(r[2] for r in rows):>8.2f}")
print([(k, len(list(g))) for k, g in groupby("aaabccddd")])
