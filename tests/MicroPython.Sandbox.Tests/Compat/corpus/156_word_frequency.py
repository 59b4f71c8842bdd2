import re
from collections import Counter

TEXT = """The quick brown fox jumps over the lazy dog. The dog barks;
the fox runs away! A quick, quick fox."""


def word_frequencies(text: str) -> Counter:
    words = re.findall(r"[a-z']+", text.lower())
    return Counter(words)


freq = word_frequencies(TEXT)
for word, count in freq.most_common(4):
    print(f"{word:<6} {count}")
print("unique words:", len(freq))
print("total words:", sum(freq.values()))
