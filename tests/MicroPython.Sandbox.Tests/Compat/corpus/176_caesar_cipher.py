import string


def caesar(text: str, shift: int) -> str:
    result = []
    for ch in text:
        if ch.isupper():
            result.append(chr((ord(ch) - 65 + shift) % 26 + 65))
        elif ch.islower():
            result.append(chr((ord(ch) - 97 + shift) % 26 + 97))
        else:
            result.append(ch)
    return "".join(result)


msg = "Hello, World!"
enc = caesar(msg, 3)
print(enc)
print(caesar(enc, -3))
assert caesar(caesar(msg, 13), 13) == msg
table = str.maketrans(string.ascii_lowercase, string.ascii_lowercase[3:] + string.ascii_lowercase[:3])
print("abc xyz".translate(table))
