from collections import defaultdict

words = ["listen", "silent", "enlist", "google", "gooegl", "cat", "act", "tac", "dog"]
groups = defaultdict(list)
for w in words:
    groups["".join(sorted(w))].append(w)

for key in sorted(groups):
    members = groups[key]
    if len(members) > 1:
        print(f"{key}: {', '.join(members)}")
print("Singletons:", [g[0] for g in groups.values() if len(g) == 1])
