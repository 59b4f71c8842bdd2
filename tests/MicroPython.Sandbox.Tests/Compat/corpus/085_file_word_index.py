import os
from collections import defaultdict

path = "/tmp/compat_poem.txt"
with open(path, "w") as f:
    f.write("the cat sat\non the mat\nthe end\n")

index = defaultdict(list)
with open(path) as f:
    for lineno, line in enumerate(f, 1):
        for word in line.split():
            if lineno not in index[word]:
                index[word].append(lineno)
for word in sorted(index):
    print(f"{word}: {index[word]}")
os.remove(path)
