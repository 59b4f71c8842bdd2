from bisect import bisect_left, insort

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

data = [2, 5, 8, 12, 16, 23, 38, 56, 72, 91]
for t in (23, 2, 91, 7):
    print(t, binary_search(data, t), bisect_left(data, t))
insort(data, 40)
print(data)
