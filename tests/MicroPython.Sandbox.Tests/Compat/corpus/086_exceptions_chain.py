class ValidationError(Exception):
    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field

def parse_age(value):
    try:
        age = int(value)
    except ValueError as e:
        raise ValidationError("age", f"not a number ({value!r})") from e
    if not 0 <= age <= 150:
        raise ValidationError("age", "out of range")
    return age

for v in ["42", "abc", "200", "-1"]:
    try:
        print("ok", parse_age(v))
    except ValidationError as e:
        print("invalid", e.field, "-", e, "| cause:", type(e.__cause__).__name__ if e.__cause__ else None)
