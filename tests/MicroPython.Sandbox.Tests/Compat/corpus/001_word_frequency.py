from collections import Counter
import re

TEXT = """It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity."""

def tokenize(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())

words = tokenize(TEXT)
counts = Counter(words)
print(f"Total words: {len(words)}")
print(f"Unique words: {len(counts)}")
for word, n in counts.most_common(5):
    print(f"{word:>8}: {n}")
