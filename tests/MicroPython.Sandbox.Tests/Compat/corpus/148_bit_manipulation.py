def count_bits(n: int) -> int:
    count = 0
    while n:
        n &= n - 1
        count += 1
    return count

def is_power_of_two(n: int) -> bool:
    return n > 0 and n & (n - 1) == 0

def reverse_bits(n: int, width: int = 8) -> int:
    out = 0
    for _ in range(width):
        out = (out << 1) | (n & 1)
        n >>= 1
    return out

print([count_bits(n) for n in range(9)])
print([n for n in range(1, 70) if is_power_of_two(n)])
print(reverse_bits(0b00000110), format(reverse_bits(1), "08b"))
print(0b1010 ^ 0b0110, ~5, 1 << 10, -16 >> 2)
