from itertools import groupby

def encode(s: str) -> str:
    return "".join(f"{len(list(g))}{ch}" for ch, g in groupby(s))

def decode(s: str) -> str:
    out = []
    num = ""
    for ch in s:
        if ch.isdigit():
            num += ch
        else:
            out.append(ch * int(num))
            num = ""
    return "".join(out)

for s in ["AAABBBCCDAA", "WWWWWWWWWWWWBWWWWWWWWWWWWBBB", "abc"]:
    e = encode(s)
    print(e, decode(e) == s)
