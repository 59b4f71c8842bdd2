from collections import defaultdict

log = [
    ("add", "bolts", 100),
    ("add", "nuts", 250),
    ("remove", "bolts", 30),
    ("add", "washers", 75),
    ("remove", "nuts", 300),
    ("remove", "washers", 5),
]
stock = defaultdict(int)
problems = []
for action, item, qty in log:
    if action == "add":
        stock[item] += qty
    elif stock[item] >= qty:
        stock[item] -= qty
    else:
        problems.append(f"cannot remove {qty} {item}: only {stock[item]}")
for item in sorted(stock):
    print(f"{item:<8}{stock[item]:>5}")
print("\n".join(problems))
