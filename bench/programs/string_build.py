# String building: formatting, joining, slicing and searching.
def run(n):
    parts = []
    for i in range(n):
        s = "item-%d:%06d" % (i, i * 7)
        parts.append(s.upper() if i % 3 == 0 else s)
    text = ",".join(parts)
    count = text.count("ITEM")
    words = text.split(",")
    total = 0
    for w in words:
        total += len(w) + w.find("-")
    return count, total, len(text)

print(run(60000))
