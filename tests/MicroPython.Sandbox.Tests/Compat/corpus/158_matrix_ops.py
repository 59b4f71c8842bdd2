def transpose(m):
    return [list(row) for row in zip(*m)]


def matmul(a, b):
    return [[sum(x * y for x, y in zip(row, col)) for col in zip(*b)] for row in a]


def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]


A = [[1, 2, 3], [4, 5, 6]]
B = [[7, 8], [9, 10], [11, 12]]
print(transpose(A))
print(matmul(A, B))
assert matmul(identity(2), [[1, 2], [3, 4]]) == [[1, 2], [3, 4]]
for row in matmul(B, A):
    print(" ".join(f"{v:4d}" for v in row))
