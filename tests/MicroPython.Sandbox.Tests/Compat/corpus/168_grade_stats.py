import statistics

scores = {"alice": [88, 92, 79], "bob": [65, 70, 72], "carol": [95, 98, 100], "dan": [50, 61, 58]}

def letter(avg: float) -> str:
    for cutoff, grade in ((90, "A"), (80, "B"), (70, "C"), (60, "D")):
        if avg >= cutoff:
            return grade
    return "F"

for name, marks in sorted(scores.items(), key=lambda kv: -statistics.mean(kv[1])):
    avg = statistics.mean(marks)
    print(f"{name.title():<6} {avg:6.2f} {letter(avg)} sd={statistics.stdev(marks):.2f}")
all_marks = [m for ms in scores.values() for m in ms]
print("median:", statistics.median(all_marks))
