from collections import Counter

scores = [72, 85, 90, 66, 85, 77, 95, 88, 72, 60, 91, 85]
bins = Counter((s // 10) * 10 for s in scores)
for start in range(60, 100, 10):
    n = bins.get(start, 0)
    print(f"{start}-{start + 9}: {'#' * n} ({n})")
print("mode bin:", max(bins, key=lambda b: (bins[b], b)))
