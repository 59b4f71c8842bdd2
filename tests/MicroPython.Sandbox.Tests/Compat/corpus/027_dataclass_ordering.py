from dataclasses import dataclass, field

@dataclass(order=True)
class Task:
    priority: int
    name: str = field(compare=False)
    done: bool = field(default=False, compare=False)

tasks = [Task(3, "write docs"), Task(1, "fix bug"), Task(2, "review"), Task(1, "deploy")]
for t in sorted(tasks, key=lambda t: (t.priority, t.name)):
    print(t.priority, t.name)
print(min(tasks).priority, max(tasks).name)
print(Task(1, "a") == Task(1, "b"))
