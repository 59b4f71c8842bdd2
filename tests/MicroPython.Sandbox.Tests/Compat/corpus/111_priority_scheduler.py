import heapq
from dataclasses import dataclass, field
from typing import Any

@dataclass(order=True)
class Job:
    priority: int
    seq: int
    name: str = field(compare=False)

class Scheduler:
    def __init__(self):
        self._heap = []
        self._seq = 0

    def submit(self, name: str, priority: int) -> None:
        heapq.heappush(self._heap, Job(priority, self._seq, name))
        self._seq += 1

    def run(self):
        while self._heap:
            job = heapq.heappop(self._heap)
            yield job.name

s = Scheduler()
for name, prio in [("email", 3), ("backup", 1), ("report", 2), ("cleanup", 3), ("alert", 0)]:
    s.submit(name, prio)
print(list(s.run()))
