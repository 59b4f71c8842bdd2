def parse_numbers(text):
    state = "start"
    current = ""
    out = []
    for ch in text + " ":
        if state == "start":
            if ch.isdigit() or ch == "-":
                current = ch
                state = "number"
        elif state == "number":
            if ch.isdigit() or (ch == "." and "." not in current):
                current += ch
            else:
                if current not in ("-", ""):
                    out.append(float(current) if "." in current else int(current))
                current = ""
                state = "start"
                if ch == "-":
                    current = ch
                    state = "number"
    return out

print(parse_numbers("temp -3.5 to 12, then 7.25 and -8; id 42"))
