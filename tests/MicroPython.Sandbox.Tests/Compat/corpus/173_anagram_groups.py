from collections import defaultdict


def group_anagrams(words):
    groups = defaultdict(list)
    for w in words:
        groups["".join(sorted(w))].append(w)
    return sorted(sorted(g) for g in groups.values())


print(group_anagrams(["eat", "tea", "tan", "ate", "nat", "bat"]))
assert group_anagrams([]) == []
assert group_anagrams(["a"]) == [["a"]]
print("tests passed")
