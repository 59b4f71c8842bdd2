from operator import itemgetter, attrgetter

people = [
    {"name": "Ann", "age": 31, "city": "Oslo"},
    {"name": "Bob", "age": 25, "city": "Rome"},
    {"name": "Cid", "age": 31, "city": "Bern"},
    {"name": "Dee", "age": 22, "city": "Oslo"},
]
by_age = sorted(people, key=itemgetter("age", "name"))
print([p["name"] for p in by_age])
print([p["name"] for p in sorted(people, key=lambda p: (-p["age"], p["city"]))])
oldest = max(people, key=itemgetter("age"))
print(oldest["name"])
cities = {}
for p in people:
    cities.setdefault(p["city"], []).append(p["name"])
print(sorted(cities.items()))
