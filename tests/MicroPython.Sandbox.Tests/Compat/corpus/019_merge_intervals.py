from typing import List, Tuple

def merge(intervals: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    result: List[Tuple[int, int]] = []
    for start, end in sorted(intervals):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result

print(merge([(1, 3), (2, 6), (8, 10), (15, 18)]))
print(merge([(1, 4), (4, 5)]))
print(merge([(5, 7), (1, 2), (2, 4), (6, 9)]))
