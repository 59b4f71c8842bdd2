matrix = [[i * j for j in range(1, 5)] for i in range(1, 4)]
print(matrix)
flat = [x for row in matrix for x in row if x % 2 == 0]
print(flat)
squares = {n: n * n for n in range(6)}
print(sorted(squares.items())[-2:])
unique_lengths = {len(w) for w in "the quick brown fox jumped".split()}
print(sorted(unique_lengths))
pairs = [(a, b) for a in range(1, 4) for b in range(a, 4)]
print(pairs)
print(sum(x for x in range(100) if x % 7 == 0))
