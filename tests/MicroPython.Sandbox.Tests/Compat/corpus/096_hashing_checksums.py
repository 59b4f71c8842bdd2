import hashlib

for text in ["", "hello", "The quick brown fox jumps over the lazy dog"]:
    data = text.encode()
    print(hashlib.md5(data).hexdigest(), hashlib.sha1(data).hexdigest()[:16], hashlib.sha256(data).hexdigest()[:16])
h = hashlib.sha256()
for chunk in [b"part1", b"part2"]:
    h.update(chunk)
print(h.hexdigest() == hashlib.sha256(b"part1part2").hexdigest())
