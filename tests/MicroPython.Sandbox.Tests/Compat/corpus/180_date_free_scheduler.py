from typing import List, Tuple

Meeting = Tuple[int, int]


def merge_intervals(meetings: List[Meeting]) -> List[Meeting]:
    merged: List[Meeting] = []
    for start, end in sorted(meetings):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def free_slots(meetings: List[Meeting], day: Meeting = (9, 17)) -> List[Meeting]:
    slots, cur = [], day[0]
    for s, e in merge_intervals(meetings):
        if s > cur:
            slots.append((cur, s))
        cur = max(cur, e)
    if cur < day[1]:
        slots.append((cur, day[1]))
    return slots


m = [(9, 10), (12, 13), (9, 11), (15, 16), (12, 14)]
print(merge_intervals(m))
print(free_slots(m))
assert free_slots([]) == [(9, 17)]
