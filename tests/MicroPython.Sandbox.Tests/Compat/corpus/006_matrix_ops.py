def transpose(m):
    return [list(row) for row in zip(*m)]

def matmul(a, b):
    bt = transpose(b)
    return [[sum(x * y for x, y in zip(row, col)) for col in bt] for row in a]

def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]

A = [[1, 2], [3, 4], [5, 6]]
B = [[7, 8, 9], [10, 11, 12]]
print("A^T =", transpose(A))
C = matmul(A, B)
for row in C:
    print(" ".join(f"{v:4d}" for v in row))
print(matmul(identity(2), [[2, 3], [4, 5]]))
