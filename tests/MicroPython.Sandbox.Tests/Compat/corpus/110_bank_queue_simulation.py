from collections import deque
import random

random.seed(5)
queue = deque()
served = []
clock = 0
for minute in range(20):
    if random.random() < 0.6:
        queue.append(minute)
    if queue and minute % 2 == 0:
        arrived = queue.popleft()
        served.append(minute - arrived)
print("served:", len(served), "waiting:", len(queue))
print("avg wait: %.2f" % (sum(served) / len(served)))
print("max wait:", max(served))
