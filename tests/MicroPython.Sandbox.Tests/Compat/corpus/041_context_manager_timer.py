from contextlib import contextmanager

log = []

@contextmanager
def section(name):
    log.append(f"enter {name}")
    try:
        yield name.upper()
    except KeyError as e:
        log.append(f"handled {e}")
    finally:
        log.append(f"exit {name}")

with section("load") as s:
    log.append(f"working in {s}")
with section("parse"):
    {}["missing"]
print("\n".join(log))
