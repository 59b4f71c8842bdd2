import os

path = "/tmp/compat_notes.txt"
lines = ["first line", "second line", "third line"]
with open(path, "w") as f:
    for line in lines:
        f.write(line + "\n")
with open(path, "a") as f:
    f.write("appended\n")
with open(path) as f:
    content = f.read()
print(content, end="")
with open(path) as f:
    for i, line in enumerate(f, 1):
        print(i, line.rstrip())
print(os.path.getsize(path), os.path.exists(path))
os.remove(path)
print(os.path.exists(path))
