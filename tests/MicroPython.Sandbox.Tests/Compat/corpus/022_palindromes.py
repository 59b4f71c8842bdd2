import re

def is_palindrome(s: str) -> bool:
    cleaned = re.sub(r"[^a-z0-9]", "", s.lower())
    return cleaned == cleaned[::-1]

phrases = ["A man, a plan, a canal: Panama", "race a car", "No 'x' in Nixon", "Was it a car or a cat I saw?", "hello"]
for p in phrases:
    print(f"{p!r}: {is_palindrome(p)}")
