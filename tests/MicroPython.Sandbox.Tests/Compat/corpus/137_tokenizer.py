import re

TOKEN = re.compile(r"\s*(?:(\d+\.?\d*)|(\w+)|(.))")

def tokenize(src):
    out = []
    for number, name, op in TOKEN.findall(src):
        if number:
            out.append(("NUM", float(number) if "." in number else int(number)))
        elif name:
            out.append(("NAME", name))
        elif op.strip():
            out.append(("OP", op))
    return out

for line in ["x = 3 + 4.5 * y", "total=sum(a,b)"]:
    print(tokenize(line))
