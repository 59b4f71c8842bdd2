def fizzbuzz(n: int) -> str:
    out = ""
    if n % 3 == 0:
        out += "Fizz"
    if n % 5 == 0:
        out += "Buzz"
    return out or str(n)

print(", ".join(fizzbuzz(i) for i in range(1, 16)))
counts = {"Fizz": 0, "Buzz": 0, "FizzBuzz": 0}
for i in range(1, 101):
    r = fizzbuzz(i)
    if r in counts:
        counts[r] += 1
print(counts["Fizz"], counts["Buzz"], counts["FizzBuzz"])
