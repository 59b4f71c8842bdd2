import heapq

scores = {"ann": 88, "bob": 95, "cid": 72, "dee": 91, "eve": 85, "fay": 99}
print(heapq.nlargest(3, scores, key=scores.get))
print(heapq.nsmallest(2, scores.values()))
heap = []
for name, s in scores.items():
    heapq.heappush(heap, (-s, name))
print([heapq.heappop(heap)[1] for _ in range(3)])
nums = [5, 1, 8, 3, 2]
heapq.heapify(nums)
print(nums[0], heapq.heappushpop(nums, 0), sorted(nums))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [3, 6])))
