import csv
import io

people = [
    {"name": "Ann", "age": 34, "city": "Paris"},
    {"name": "Ben", "age": 28, "city": "Berlin"},
    {"name": "Chloé", "age": 41, "city": "Lyon, FR"},
]
buf = io.StringIO()
w = csv.DictWriter(buf, fieldnames=["name", "age", "city"], lineterminator="\n")
w.writeheader()
w.writerows(people)
text = buf.getvalue()
print(text, end="")
back = list(csv.DictReader(io.StringIO(text)))
print(len(back), back[2]["city"], sum(int(r["age"]) for r in back))
