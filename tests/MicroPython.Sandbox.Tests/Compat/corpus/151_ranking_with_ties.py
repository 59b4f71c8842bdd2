scores = [("ann", 90), ("bob", 85), ("cid", 90), ("dee", 70), ("eve", 85), ("fay", 60)]
ordered = sorted(scores, key=lambda kv: (-kv[1], kv[0]))
rank = 0
prev = None
for i, (name, s) in enumerate(ordered, 1):
    if s != prev:
        rank = i
        prev = s
    print(f"{rank}. {name} ({s})")
medals = {1: "gold", 2: "silver", 3: "bronze"}
print([(n, medals.get(i, "-")) for i, (n, _) in enumerate(ordered[:4], 1)])
