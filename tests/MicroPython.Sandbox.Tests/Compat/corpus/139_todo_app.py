from dataclasses import dataclass, field
from enum import Enum
from typing import List

class Status(Enum):
    TODO = "todo"
    DOING = "doing"
    DONE = "done"

@dataclass
class Todo:
    title: str
    status: Status = Status.TODO
    tags: List[str] = field(default_factory=list)

class Board:
    def __init__(self) -> None:
        self.todos: List[Todo] = []

    def add(self, title: str, *tags: str) -> Todo:
        t = Todo(title, tags=list(tags))
        self.todos.append(t)
        return t

    def move(self, title: str, status: Status) -> None:
        for t in self.todos:
            if t.title == title:
                t.status = status

    def by_status(self, status: Status) -> List[str]:
        return [t.title for t in self.todos if t.status is status]

b = Board()
b.add("write tests", "dev")
b.add("deploy", "ops")
b.add("update docs", "dev", "docs")
b.move("write tests", Status.DONE)
b.move("deploy", Status.DOING)
for s in Status:
    print(s.value, b.by_status(s))
print(b.todos[0])
