def to_base(n: int, base: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = []
    while n:
        n, r = divmod(n, base)
        out.append(digits[r])
    return sign + "".join(reversed(out))

for n in [0, 5, 255, -42, 1000]:
    print(n, to_base(n, 2), to_base(n, 8), to_base(n, 16), to_base(n, 36))
print(bin(10), oct(64), hex(255), int("ff", 16), int("777", 8), int("-101", 2))
print(f"{255:08b} {255:#x} {1000000:,} {0.25:.1%}")
