def gray_code(n):
    return [i ^ (i >> 1) for i in range(1 << n)]

codes = gray_code(3)
print([format(c, "03b") for c in codes])
print(all(bin(a ^ b).count("1") == 1 for a, b in zip(codes, codes[1:])))
print(int("1101", 2), f"{13:b}", bin(37).count("1"))
print([n for n in range(20) if n & (n - 1) == 0])
