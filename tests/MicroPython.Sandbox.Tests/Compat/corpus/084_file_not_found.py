def read_config(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        print(f"No config at {path}, using defaults")
        return ""
    except PermissionError:
        print("Permission denied")
        return ""

text = read_config("/tmp/definitely_missing_config.ini")
print(repr(text))
try:
    open("/tmp/also_missing.txt")
except OSError as e:
    print(type(e).__name__, e.errno)
