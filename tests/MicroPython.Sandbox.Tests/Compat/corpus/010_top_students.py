students = [
    {"name": "Ana", "scores": [88, 92, 79]},
    {"name": "Ben", "scores": [95, 90, 93]},
    {"name": "Cy", "scores": [70, 65, 80]},
    {"name": "Di", "scores": [85, 85, 90]},
]

def average(scores):
    return sum(scores) / len(scores)

def grade(avg):
    if avg >= 90:
        return "A"
    if avg >= 80:
        return "B"
    if avg >= 70:
        return "C"
    return "D"

ranked = sorted(students, key=lambda s: average(s["scores"]), reverse=True)
for i, s in enumerate(ranked, 1):
    avg = average(s["scores"])
    print(f"{i}. {s['name']:<4} {avg:6.2f} {grade(avg)}")
