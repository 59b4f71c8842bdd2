from collections import deque

def balanced(expr: str) -> bool:
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for ch in expr:
        if ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack

for e in ["(a[b]{c})", "(]", "((())", "{[()()]}"]:
    print(e, balanced(e))

q = deque()
for task in ["wash", "dry", "fold"]:
    q.append(task)
q.appendleft("sort")
while q:
    print("Doing", q.popleft())
