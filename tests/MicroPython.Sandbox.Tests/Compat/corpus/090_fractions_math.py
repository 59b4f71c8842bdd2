from fractions import Fraction

a = Fraction(1, 3)
b = Fraction(3, 4)
print(a + b, a - b, a * b, a / b)
print(Fraction("0.125"), Fraction(6, 8), Fraction(5))
total = sum(Fraction(1, n) for n in range(1, 6))
print(total, float(total), total.numerator, total.denominator)
print(Fraction(3.5), Fraction(22, 7) > 3, Fraction(1, 3) == Fraction(2, 6))
print(Fraction(355, 113).limit_denominator(10), round(Fraction(7, 2)))
