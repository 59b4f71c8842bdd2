from contextlib import suppress, closing, nullcontext

class Resource:
    def __init__(self, name):
        self.name = name
        self.closed = False
    def close(self):
        self.closed = True
        print(f"closed {self.name}")

with closing(Resource("db")) as r:
    print("using", r.name)
print(r.closed)

values = ["1", "x", "3", None, "5"]
total = 0
for v in values:
    with suppress(ValueError, TypeError):
        total += int(v)
print("total", total)
with nullcontext("fallback") as v:
    print(v)
