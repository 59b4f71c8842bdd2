from typing import Deque, List
from collections import deque

def moving_average(values: List[float], window: int) -> List[float]:
    buf: Deque[float] = deque(maxlen=window)
    out: List[float] = []
    total = 0.0
    for v in values:
        if len(buf) == window:
            total -= buf[0]
        buf.append(v)
        total += v
        out.append(round(total / len(buf), 3))
    return out

print(moving_average([1, 2, 3, 4, 5, 6, 7], 3))
print(moving_average([10.0, 20.0], 5))
