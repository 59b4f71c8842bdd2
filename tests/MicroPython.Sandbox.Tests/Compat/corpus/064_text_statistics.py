import re
from collections import Counter

TEXT = """Machine learning is a field of study in artificial intelligence. It is concerned with the
development of statistical algorithms that can learn from data. Recently, neural networks have been
able to surpass many previous approaches in performance."""

sentences = [s for s in re.split(r"(?<=[.!?])\s+", TEXT.strip()) if s]
words = re.findall(r"\b\w+\b", TEXT.lower())
print("sentences:", len(sentences))
print("words:", len(words))
print("avg word length: %.2f" % (sum(map(len, words)) / len(words)))
print("longest:", max(words, key=len))
common = Counter(w for w in words if len(w) > 3).most_common(3)
print("common:", common)
