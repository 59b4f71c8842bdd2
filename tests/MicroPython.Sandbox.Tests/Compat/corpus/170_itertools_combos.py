from itertools import combinations, permutations, product, groupby, accumulate, chain

items = ["a", "b", "c"]
print(list(combinations(items, 2)))
print(["".join(p) for p in permutations(items)])
print(len(list(product(range(3), repeat=3))))
print(list(accumulate([1, 2, 3, 4])))
data = sorted(["apple", "avocado", "banana", "blueberry", "cherry"], key=lambda w: w[0])
for letter, group in groupby(data, key=lambda w: w[0]):
    print(letter, list(group))
print(list(chain.from_iterable([[1, 2], [3], []])))
coins = [1, 5, 10]
ways = sum(1 for combo in product(range(5), repeat=3) if sum(c * n for c, n in zip(coins, combo)) == 20)
print("ways:", ways)
