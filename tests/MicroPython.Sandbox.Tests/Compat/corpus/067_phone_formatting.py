import re

def normalize(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        raise ValueError(f"invalid phone number: {phone!r}")
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"

for p in ["555-123-4567", "(555) 987 6543", "+1 555.222.3333", "12345"]:
    try:
        print(normalize(p))
    except ValueError as e:
        print("error:", e)
