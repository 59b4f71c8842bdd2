# Numeric loop: integer arithmetic in a tight while/for loop.
def run(n):
    total = 0
    for i in range(n):
        total += (i * i) % 7 - (i & 3)
    return total

print(run(600000))
