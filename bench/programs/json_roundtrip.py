# JSON: encode and decode nested structures.
import json


def run(n):
    total = 0
    for i in range(n):
        doc = {"id": i, "name": "user%d" % i, "tags": ["a", "b", str(i % 10)],
               "scores": [i % 7, i % 11, i % 13], "active": i % 2 == 0, "extra": None}
        text = json.dumps(doc)
        back = json.loads(text)
        total += back["id"] + sum(back["scores"]) + len(back["tags"]) + (1 if back["active"] else 0)
        total += len(back["name"])
    blob = json.loads(json.dumps([[j, str(j)] for j in range(2000)]))
    return total, len(blob), blob[-1][1]

print(run(15000))
