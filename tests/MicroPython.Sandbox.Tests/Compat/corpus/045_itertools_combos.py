from itertools import combinations, permutations, product, combinations_with_replacement

items = ["a", "b", "c", "d"]
print(list(combinations(items, 2)))
print(len(list(permutations(items, 3))))
print(["".join(p) for p in permutations("abc")])
print(list(product([0, 1], repeat=3)))
print(list(combinations_with_replacement([1, 2, 3], 2)))

coins = [1, 5, 10, 25]
ways = [c for r in range(1, 4) for c in combinations_with_replacement(coins, r) if sum(c) == 30]
print(ways)
