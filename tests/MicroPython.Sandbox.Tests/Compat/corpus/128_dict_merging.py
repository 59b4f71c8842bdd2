defaults = {"color": "blue", "size": "M", "qty": 1}
override = {"size": "L", "gift": True}
merged = {**defaults, **override}
print(sorted(merged.items()))
merged2 = defaults | override
print(merged2 == merged)
inventory = {"apples": 3}
inventory.update(pears=2, apples=5)
print(sorted(inventory.items()))
print(inventory.get("kiwi", 0), inventory.setdefault("kiwi", 9), inventory.pop("pears"))
print(sorted(inventory))
