import random

random.seed(12345)
print([random.randint(1, 6) for _ in range(10)])
print(round(random.random(), 6), round(random.uniform(10, 20), 4))
deck = [f"{r}{s}" for s in "SHDC" for r in "A23456789TJQK"]
random.shuffle(deck)
print(deck[:5])
print(random.choice(["red", "green", "blue"]), random.sample(range(50), 4))
rng = random.Random(99)
print([rng.randrange(0, 100, 10) for _ in range(5)])
print(random.choices("abc", weights=[5, 1, 1], k=8))
