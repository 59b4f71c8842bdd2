# Nested lists: integer matrix multiplication.
def matmul(a, b):
    n, m, p = len(a), len(b), len(b[0])
    out = []
    for i in range(n):
        row = [0] * p
        ai = a[i]
        for k in range(m):
            aik = ai[k]
            bk = b[k]
            for j in range(p):
                row[j] += aik * bk[j]
        out.append(row)
    return out


def run(n):
    a = [[(i * j + 1) % 17 for j in range(n)] for i in range(n)]
    b = [[(i + 2 * j) % 13 for j in range(n)] for i in range(n)]
    c = matmul(a, b)
    return sum(sum(r) for r in c), c[n // 2][n // 3]

print(run(60))
