import random

rng = random.Random(42)
deck = [f"{r}{s}" for s in "SHDC" for r in "A23456789TJQK"]
hand = rng.sample(deck, 5)
print(len(hand), len(set(hand)), all(c in deck for c in hand))
rolls = [rng.randint(1, 6) for _ in range(1000)]
print(min(rolls), max(rolls), 3.0 < sum(rolls) / len(rolls) < 4.0)
choice = rng.choice(["rock", "paper", "scissors"])
print(choice in ("rock", "paper", "scissors"))
weights = rng.choices(["a", "b"], weights=[1, 0], k=4)
print(weights)
