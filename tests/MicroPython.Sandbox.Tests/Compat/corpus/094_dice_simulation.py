import random
from collections import Counter

random.seed(2024)
rolls = [random.randint(1, 6) + random.randint(1, 6) for _ in range(1000)]
counts = Counter(rolls)
for total in range(2, 13):
    print(f"{total:>2}: {counts[total]:>4} {'*' * (counts[total] // 10)}")
print("most common:", counts.most_common(1)[0][0])
