def step(live):
    counts = {}
    for (x, y) in live:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    key = (x + dx, y + dy)
                    counts[key] = counts.get(key, 0) + 1
    return {cell for cell, n in counts.items() if n == 3 or (n == 2 and cell in live)}

def show(live, size=5):
    for y in range(size):
        print("".join("#" if (x, y) in live else "." for x in range(size)))
    print()

glider = {(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)}
state = glider
for _ in range(3):
    show(state)
    state = step(state)
print(sorted(state))
