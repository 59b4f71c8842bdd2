VOWELS = set("aeiou")

def vowel_stats(text: str) -> dict:
    stats = {v: 0 for v in sorted(VOWELS)}
    for ch in text.lower():
        if ch in VOWELS:
            stats[ch] += 1
    return stats

text = "Programming in Python is fun and educational"
stats = vowel_stats(text)
for v in sorted(stats):
    print(v, stats[v], "#" * stats[v])
print("total vowels:", sum(stats.values()))
print("consonants:", sum(1 for c in text.lower() if c.isalpha() and c not in VOWELS))
