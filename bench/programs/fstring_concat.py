# String concatenation and f-strings in a loop.
def run(n):
    acc = ""
    h = 0
    for i in range(n):
        line = f"{i}|{i % 13}|{'x' * (i % 5)}"
        acc += line[-3:]
        if len(acc) > 1000:
            h = (h * 31 + len(acc) + ord(acc[7])) % 1000000007
            acc = acc[500:]
    return h, len(acc)

print(run(120000))
