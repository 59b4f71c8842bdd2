from typing import Optional, Iterator

class Node:
    def __init__(self, value: int, next: Optional["Node"] = None) -> None:
        self.value = value
        self.next = next

class LinkedList:
    def __init__(self) -> None:
        self.head: Optional[Node] = None
        self.size = 0

    def push(self, value: int) -> None:
        self.head = Node(value, self.head)
        self.size += 1

    def reverse(self) -> None:
        prev = None
        cur = self.head
        while cur:
            cur.next, prev, cur = prev, cur, cur.next
        self.head = prev

    def __iter__(self) -> Iterator[int]:
        cur = self.head
        while cur:
            yield cur.value
            cur = cur.next

    def __len__(self) -> int:
        return self.size

ll = LinkedList()
for v in [1, 2, 3, 4]:
    ll.push(v)
print(list(ll), len(ll))
ll.reverse()
print(list(ll))
print(sum(ll), 3 in ll)
