CONFIG = """
[server]
host = 127.0.0.1
port = 8080

[database]
name = app
user = admin
timeout = 30
; a comment
"""

def parse_ini(text):
    result = {}
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith((";", "#")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            result[section] = {}
        elif "=" in line and section:
            key, value = (p.strip() for p in line.split("=", 1))
            result[section][key] = int(value) if value.isdigit() else value
    return result

cfg = parse_ini(CONFIG)
for section in sorted(cfg):
    for key in sorted(cfg[section]):
        print(f"{section}.{key} = {cfg[section][key]!r}")
