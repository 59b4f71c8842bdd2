import math

print(math.factorial(10), math.comb(10, 3), math.perm(5, 2), math.gcd(48, 180), math.lcm(4, 6))
print(math.isqrt(99), math.prod([1, 2, 3, 4]), math.floor(-2.5), math.ceil(2.1), math.trunc(-3.7))
print(round(math.sqrt(2), 6), round(math.log(100, 10), 6), round(math.log2(1024)), round(math.exp(1), 6))
print(round(math.sin(math.pi / 6), 6), round(math.degrees(math.pi), 1), round(math.radians(180), 6))
print(math.isclose(0.1 + 0.2, 0.3), math.inf > 10 ** 100, math.isnan(float("nan")))
print(round(math.dist((1, 2), (4, 6)), 6), math.fsum([0.1] * 10), round(math.hypot(3, 4), 6))
print(math.gcd(12, 18, 24), math.copysign(3, -0.0), math.fabs(-4))
