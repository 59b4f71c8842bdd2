employees = [
    {"name": "Ann", "dept": "IT", "salary": 90},
    {"name": "Bob", "dept": "HR", "salary": 60},
    {"name": "Cat", "dept": "IT", "salary": 95},
    {"name": "Dan", "dept": "HR", "salary": 60},
    {"name": "Eve", "dept": "Ops", "salary": 70},
]
by_dept_then_salary = sorted(employees, key=lambda e: (e["dept"], -e["salary"], e["name"]))
for e in by_dept_then_salary:
    print(e["dept"], e["name"], e["salary"])
print([e["name"] for e in sorted(employees, key=lambda e: e["name"], reverse=True)])
