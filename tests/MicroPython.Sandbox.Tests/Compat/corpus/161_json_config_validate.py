import json

SCHEMA = {"name": str, "version": int, "tags": list}

payload = '{"name": "demo", "version": 3, "tags": ["a", "b"], "extra": null}'


def validate(data: dict) -> list:
    errors = []
    for key, typ in SCHEMA.items():
        if key not in data:
            errors.append(f"missing {key}")
        elif not isinstance(data[key], typ):
            errors.append(f"{key} should be {typ.__name__}")
    return errors


data = json.loads(payload)
print(validate(data))
print(validate({"name": 1, "tags": []}))
print(json.dumps(data, sort_keys=True))
print(json.dumps({"ok": True, "n": None, "pi": 3.5}, sort_keys=True, indent=2))
