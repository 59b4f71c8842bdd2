from collections import defaultdict

employees = [
    ("Alice", "Engineering", 120000),
    ("Bob", "Marketing", 80000),
    ("Carol", "Engineering", 110000),
    ("Dan", "Sales", 70000),
    ("Eve", "Marketing", 85000),
    ("Frank", "Engineering", 95000),
]

by_dept = defaultdict(list)
for name, dept, salary in employees:
    by_dept[dept].append((name, salary))

for dept in sorted(by_dept):
    people = by_dept[dept]
    avg = sum(s for _, s in people) / len(people)
    names = ", ".join(n for n, _ in sorted(people))
    print(f"{dept}: {len(people)} people, avg {avg:,.0f} ({names})")
