# Dictionary work: counting, lookups, updates and deletes with string keys.
def run(n):
    counts = {}
    for i in range(n):
        key = "k" + str((i * 2654435761) % 5003)
        counts[key] = counts.get(key, 0) + 1
    hits = 0
    for i in range(n // 2):
        if ("k" + str(i)) in counts:
            hits += 1
    for k in list(counts):
        if counts[k] % 2 == 0:
            del counts[k]
    return len(counts), hits, sum(counts.values())

print(run(150000))
