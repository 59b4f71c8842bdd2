from typing import TypedDict, Dict, Any
import json

class Config(TypedDict):
    host: str
    port: int
    debug: bool

def load(text: str) -> Config:
    data: Dict[str, Any] = json.loads(text)
    return Config(host=data.get("host", "localhost"), port=int(data.get("port", 8080)), debug=bool(data.get("debug")))

cfg = load('{"host": "example.com", "port": "443"}')
print(cfg["host"], cfg["port"], cfg["debug"])
print(sorted(cfg.items()))
