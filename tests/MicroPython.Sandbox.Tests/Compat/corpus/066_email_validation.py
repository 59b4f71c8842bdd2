import re

EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
candidates = ["john.doe@example.com", "bad@", "x@y.z", "first+tag@sub.domain.org", "no spaces@x.com", "A_B@c.io"]
for c in candidates:
    print(f"{c:<28} {'valid' if EMAIL.match(c) else 'invalid'}")
emails = re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", "Contact: a@b.com, sales@shop.co.uk; nobody@local")
print(emails)
