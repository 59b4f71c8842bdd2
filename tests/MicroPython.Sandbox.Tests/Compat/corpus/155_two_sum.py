from typing import List, Optional, Tuple


def two_sum(nums: List[int], target: int) -> Optional[Tuple[int, int]]:
    seen = {}
    for i, n in enumerate(nums):
        if target - n in seen:
            return seen[target - n], i
        seen[n] = i
    return None


cases = [([2, 7, 11, 15], 9), ([3, 2, 4], 6), ([1, 2], 7)]
for nums, target in cases:
    print(nums, target, "->", two_sum(nums, target))
