def knapsack(items, capacity):
    dp = [0] * (capacity + 1)
    choice = [[] for _ in range(capacity + 1)]
    for name, weight, value in items:
        for c in range(capacity, weight - 1, -1):
            if dp[c - weight] + value > dp[c]:
                dp[c] = dp[c - weight] + value
                choice[c] = choice[c - weight] + [name]
    return dp[capacity], choice[capacity]

items = [("map", 9, 150), ("compass", 13, 35), ("water", 153, 200), ("sandwich", 50, 160),
         ("glucose", 15, 60), ("tin", 68, 45), ("banana", 27, 60), ("apple", 39, 40)]
value, chosen = knapsack(items, 200)
print(value, chosen)
