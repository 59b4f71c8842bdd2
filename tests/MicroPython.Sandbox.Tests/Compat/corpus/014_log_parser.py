import re
from collections import Counter

LOG = """2024-05-01 10:00:01 INFO User alice logged in
2024-05-01 10:02:13 ERROR Database timeout after 30s
2024-05-01 10:05:45 WARNING Disk usage at 85%
2024-05-01 10:07:00 INFO User bob logged in
2024-05-01 10:09:30 ERROR Payment service unavailable
2024-05-01 10:10:00 INFO User alice logged out"""

pattern = re.compile(r"^(\S+) (\S+) (\w+) (.*)$")
levels = Counter()
errors = []
for line in LOG.splitlines():
    m = pattern.match(line)
    if not m:
        continue
    date, time, level, message = m.groups()
    levels[level] += 1
    if level == "ERROR":
        errors.append(f"{time}: {message}")

print(dict(sorted(levels.items())))
print("\n".join(errors))
users = sorted(set(re.findall(r"User (\w+)", LOG)))
print("Users:", users)
