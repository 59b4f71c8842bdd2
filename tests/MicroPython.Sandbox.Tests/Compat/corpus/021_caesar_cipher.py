import string

def caesar(text: str, shift: int) -> str:
    result = []
    for ch in text:
        if ch in string.ascii_lowercase:
            result.append(chr((ord(ch) - ord("a") + shift) % 26 + ord("a")))
        elif ch in string.ascii_uppercase:
            result.append(chr((ord(ch) - ord("A") + shift) % 26 + ord("A")))
        else:
            result.append(ch)
    return "".join(result)

msg = "Hello, World! Attack at dawn."
enc = caesar(msg, 3)
print(enc)
print(caesar(enc, -3))
print(caesar("xyz", 4))
