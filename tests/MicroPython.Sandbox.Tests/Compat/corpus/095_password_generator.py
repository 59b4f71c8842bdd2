import random
import string

def make_password(length=12, seed=None):
    rng = random.Random(seed)
    pools = [string.ascii_lowercase, string.ascii_uppercase, string.digits, "!@#$%"]
    chars = [rng.choice(p) for p in pools]
    everything = "".join(pools)
    chars += [rng.choice(everything) for _ in range(length - len(chars))]
    rng.shuffle(chars)
    return "".join(chars)

for seed in (1, 2, 3):
    pw = make_password(12, seed)
    print(pw, len(pw), any(c.isdigit() for c in pw), any(c.isupper() for c in pw))
