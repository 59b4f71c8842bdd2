from typing import NamedTuple, List

class Employee(NamedTuple):
    name: str
    department: str
    salary: int = 50000

    def monthly(self) -> float:
        return round(self.salary / 12, 2)

staff: List[Employee] = [
    Employee("Ann", "IT", 90000),
    Employee("Bo", "HR"),
    Employee("Cid", "IT", 75000),
]
for e in staff:
    print(e, e.monthly())
it = [e.name for e in staff if e.department == "IT"]
print(it, staff[1]._asdict())
name, dept, pay = staff[2]
print(name, dept, pay)
