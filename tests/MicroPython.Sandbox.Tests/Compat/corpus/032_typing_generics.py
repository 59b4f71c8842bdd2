from typing import TypeVar, Generic, Optional, List

T = TypeVar("T")

class Stack(Generic[T]):
    def __init__(self) -> None:
        self._items: List[T] = []

    def push(self, item: T) -> None:
        self._items.append(item)

    def pop(self) -> T:
        if not self._items:
            raise IndexError("pop from empty stack")
        return self._items.pop()

    def peek(self) -> Optional[T]:
        return self._items[-1] if self._items else None

    def __len__(self) -> int:
        return len(self._items)

s: Stack[int] = Stack()
for i in range(5):
    s.push(i * i)
print(len(s), s.peek(), s.pop(), s.pop(), len(s))
empty: Stack[str] = Stack()
print(empty.peek())
try:
    empty.pop()
except IndexError as e:
    print("IndexError:", e)
