names = ["ann", "bob", "cid"]
ages = [31, 25, 40]
cities = ["Oslo", "Rome", "Lima"]
for i, (n, a, c) in enumerate(zip(names, ages, cities), start=1):
    print(i, n, a, c)
people = dict(zip(names, ages))
print(sorted(people.items(), key=lambda kv: kv[1]))
unzipped = list(zip(*[(1, "a"), (2, "b"), (3, "c")]))
print(unzipped)
print(list(reversed(list(enumerate("xyz")))))
print(any(a > 35 for a in ages), all(a > 20 for a in ages))
