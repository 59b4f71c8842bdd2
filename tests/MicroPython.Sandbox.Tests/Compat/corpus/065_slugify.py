import re

def slugify(title: str, max_len: int = 40) -> str:
    s = title.lower().strip()
    s = re.sub(r"[^\w\s-]", "", s)
    s = re.sub(r"[\s_-]+", "-", s)
    s = s.strip("-")
    return s[:max_len].rstrip("-")

for t in ["Hello World!", "  Python 3.12: What's New?  ", "a--b__c  d", "Ünïcode & Symbols #1"]:
    print(repr(t), "->", slugify(t))
