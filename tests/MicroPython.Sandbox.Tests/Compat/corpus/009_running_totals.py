from itertools import accumulate
import operator

deposits = [100, -20, 50, -70, 30, 200, -150]
balance = list(accumulate(deposits))
print("Balances:", balance)
print("Max balance:", max(accumulate(deposits, max)))
print("Products:", list(accumulate([1, 2, 3, 4, 5], operator.mul)))
lowest = min(range(len(balance)), key=lambda i: balance[i])
print(f"Lowest after transaction {lowest + 1}: {balance[lowest]}")
