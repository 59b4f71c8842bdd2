def is_balanced(s: str) -> bool:
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for ch in s:
        if ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack


for case in ["()", "([]{})", "(]", "((", "", "{[()()]}"]:
    print(f"{case!r:12} {is_balanced(case)}")
