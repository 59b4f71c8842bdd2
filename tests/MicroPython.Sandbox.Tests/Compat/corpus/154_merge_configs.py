DEFAULTS = {"host": "localhost", "port": 8080, "debug": False, "workers": 4}


def merge_config(*overrides: dict) -> dict:
    config = {**DEFAULTS}
    for override in overrides:
        config = {**config, **{k: v for k, v in override.items() if v is not None}}
    return config


cfg = merge_config({"port": 9000}, {"debug": True, "workers": None})
for key in sorted(cfg):
    print(f"{key:>8}: {cfg[key]}")
assert cfg["workers"] == 4
assert merge_config() == DEFAULTS
print("ok")
