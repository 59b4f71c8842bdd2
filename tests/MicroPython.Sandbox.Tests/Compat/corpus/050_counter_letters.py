from collections import Counter

text = "the quick brown fox jumps over the lazy dog and the cat"
letters = Counter(c for c in text if c.isalpha())
print(letters.most_common(3))
words = Counter(text.split())
print(words["the"], words["missing"])
a = Counter("aabbbc")
b = Counter("abcc")
print(a + b)
print(a - b)
print(a & b, a | b)
print(sum(letters.values()), len(letters))
print(sorted(Counter([3, 1, 3, 2, 3, 1]).elements()))
