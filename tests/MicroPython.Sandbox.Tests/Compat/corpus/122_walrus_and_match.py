import re

data = ["id=42", "name=bob", "bogus", "id=7"]
ids = [int(m.group(1)) for s in data if (m := re.match(r"id=(\d+)", s))]
print(ids)

def describe(cmd):
    match cmd.split():
        case ["go", direction]:
            return f"going {direction}"
        case ["take", *items] if items:
            return f"taking {', '.join(items)}"
        case ["quit"]:
            return "bye"
        case _:
            return "unknown"

for c in ["go north", "take key lamp", "quit", "dance"]:
    print(c, "->", describe(c))
