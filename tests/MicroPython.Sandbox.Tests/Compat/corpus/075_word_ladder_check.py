def one_letter_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1

ladder = ["cold", "cord", "card", "ward", "warm"]
ok = all(one_letter_apart(a, b) for a, b in zip(ladder, ladder[1:]))
print("valid ladder:", ok)
for a, b in zip(ladder, ladder[1:]):
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    print(f"{a} -> {b} changes position {diff[0]}")
