def read_lines():
    data = "10,apples\n5,pears\n\n7,apples\nbad line\n3,plums"
    for line in data.splitlines():
        yield line


def parse(lines):
    for line in lines:
        parts = line.split(",")
        if len(parts) != 2:
            continue
        qty, name = parts
        yield name.strip(), int(qty)


def totals(pairs):
    acc = {}
    for name, qty in pairs:
        acc[name] = acc.get(name, 0) + qty
    return acc


result = totals(parse(read_lines()))
for name in sorted(result):
    print(name, result[name])
print(sum(x * x for x in range(10) if x % 2))
