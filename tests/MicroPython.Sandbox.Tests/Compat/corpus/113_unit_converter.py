from typing import Dict

FACTORS: Dict[str, float] = {"mm": 0.001, "cm": 0.01, "m": 1.0, "km": 1000.0, "in": 0.0254, "ft": 0.3048, "mi": 1609.344}

def convert(value: float, src: str, dst: str) -> float:
    if src not in FACTORS or dst not in FACTORS:
        raise KeyError(f"unknown unit: {src if src not in FACTORS else dst}")
    return value * FACTORS[src] / FACTORS[dst]

for v, s, d in [(5, "km", "mi"), (12, "in", "cm"), (100, "ft", "m"), (1, "mi", "ft")]:
    print(f"{v} {s} = {convert(v, s, d):.4f} {d}")
try:
    convert(1, "yd", "m")
except KeyError as e:
    print("error:", e.args[0])
