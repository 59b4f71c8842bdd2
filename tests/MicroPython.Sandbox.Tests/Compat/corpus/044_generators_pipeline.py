def read_lines(text):
    for line in text.strip().splitlines():
        yield line.strip()

def parse(lines):
    for line in lines:
        name, value = line.split("=")
        yield name.strip(), float(value)

def only_positive(pairs):
    return ((k, v) for k, v in pairs if v > 0)

DATA = """
a = 1.5
b = -2
c = 3.25
d = 0
e = 10
"""
pipeline = only_positive(parse(read_lines(DATA)))
for k, v in pipeline:
    print(f"{k}: {v}")
squares = (x * x for x in range(10))
print(sum(squares), list(squares))
