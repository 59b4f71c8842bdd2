from operator import itemgetter, attrgetter, methodcaller

records = [("apple", 3, 0.5), ("banana", 1, 0.25), ("cherry", 2, 5.0), ("date", 3, 1.5)]
print(sorted(records, key=itemgetter(1, 0)))
print(list(map(itemgetter(0), records)))

class P:
    def __init__(self, name, age):
        self.name, self.age = name, age
    def __repr__(self):
        return f"P({self.name}, {self.age})"

people = [P("Zed", 30), P("Amy", 25), P("Bob", 30)]
print(sorted(people, key=attrgetter("age", "name")))
print(list(map(methodcaller("upper"), ["a", "b"])))
print(max(records, key=itemgetter(2)))
