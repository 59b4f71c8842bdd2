import json

class JsonMixin:
    def to_json(self):
        return json.dumps(self.__dict__, sort_keys=True)

class EqualityMixin:
    def __eq__(self, other):
        return type(self) is type(other) and self.__dict__ == other.__dict__

class User(JsonMixin, EqualityMixin):
    def __init__(self, name, email):
        self.name = name
        self.email = email

u1 = User("ann", "ann@x.com")
u2 = User("ann", "ann@x.com")
print(u1.to_json())
print(u1 == u2, u1 == User("bob", "b@x.com"))
print([c.__name__ for c in User.__bases__])
