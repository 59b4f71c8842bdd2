def compress(s: str) -> str:
    if not s:
        return s
    out = []
    run = 1
    for prev, cur in zip(s, s[1:]):
        if cur == prev:
            run += 1
        else:
            out.append(prev + (str(run) if run > 1 else ""))
            run = 1
    out.append(s[-1] + (str(run) if run > 1 else ""))
    packed = "".join(out)
    return packed if len(packed) < len(s) else s

for s in ["aabcccccaaa", "abc", "", "zzzzzzzzzz", "aabb"]:
    print(repr(s), "->", repr(compress(s)))
