from typing import Dict, List, Tuple

Grades = Dict[str, List[int]]

def summarize(grades: Grades) -> List[Tuple[str, float, int, int]]:
    out = []
    for student, marks in grades.items():
        out.append((student, sum(marks) / len(marks), min(marks), max(marks)))
    return sorted(out, key=lambda t: t[1], reverse=True)

book: Grades = {"ann": [90, 85, 77], "ben": [60, 75, 70], "cat": [88, 92, 95]}
for name, avg, lo, hi in summarize(book):
    print(f"{name}: avg={avg:.1f} range={lo}-{hi}")
