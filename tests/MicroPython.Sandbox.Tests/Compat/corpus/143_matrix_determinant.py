from fractions import Fraction

def determinant(m):
    m = [[Fraction(x) for x in row] for row in m]
    n = len(m)
    det = Fraction(1)
    for col in range(n):
        pivot = next((r for r in range(col, n) if m[r][col] != 0), None)
        if pivot is None:
            return Fraction(0)
        if pivot != col:
            m[col], m[pivot] = m[pivot], m[col]
            det = -det
        det *= m[col][col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n):
                m[r][c] -= f * m[col][c]
    return det

print(determinant([[2, 0], [0, 3]]), determinant([[1, 2], [3, 4]]))
print(determinant([[6, 1, 1], [4, -2, 5], [2, 8, 7]]), determinant([[1, 2], [2, 4]]))
