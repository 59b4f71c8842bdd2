def spiral(matrix):
    out = []
    while matrix:
        out.extend(matrix.pop(0))
        matrix = [list(row) for row in zip(*matrix)][::-1]
    return out

m = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]
print(spiral([row[:] for row in m]))
print(spiral([[1]]), spiral([]))
