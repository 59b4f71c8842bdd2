def reverse_words(sentence: str) -> str:
    """Reverse the order of words in a sentence."""
    return " ".join(sentence.split()[::-1])


def reverse_each_word(sentence: str) -> str:
    return " ".join(word[::-1] for word in sentence.split())


tests = [
    ("hello world", "world hello"),
    ("  the sky  is blue ", "blue is sky the"),
    ("a", "a"),
]
for inp, expected in tests:
    result = reverse_words(inp)
    status = "PASS" if result == expected else "FAIL"
    print(f"{status}: reverse_words({inp!r}) = {result!r}")
print(reverse_each_word("Python is fun"))
