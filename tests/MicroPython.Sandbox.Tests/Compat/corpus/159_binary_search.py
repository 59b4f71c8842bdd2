import bisect


def binary_search(arr, target):
    lo, hi = 0, len(arr) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if arr[mid] == target:
            return mid
        if arr[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1


data = list(range(0, 100, 7))
for t in [0, 49, 50, 98]:
    print(t, binary_search(data, t), bisect.bisect_left(data, t))
assert all(binary_search(data, x) == i for i, x in enumerate(data))
print("binary search ok")
