rows = [
    ("Language", "Year", "Typing"),
    ("Python", 1991, "dynamic"),
    ("Rust", 2010, "static"),
    ("Go", 2009, "static"),
]
widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]

def fmt(row):
    return "| " + " | ".join(str(v).ljust(w) if isinstance(v, str) else str(v).rjust(w) for v, w in zip(row, widths)) + " |"

print(fmt(rows[0]))
print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for r in rows[1:]:
    print(fmt(r))
