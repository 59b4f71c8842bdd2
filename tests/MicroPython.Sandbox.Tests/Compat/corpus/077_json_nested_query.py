import json

DOC = """
{"users": [
  {"id": 1, "name": "Ann", "roles": ["admin", "dev"], "address": {"city": "Oslo"}},
  {"id": 2, "name": "Bob", "roles": ["dev"], "address": {"city": "Rome"}},
  {"id": 3, "name": "Cat", "roles": [], "address": null}
]}
"""

data = json.loads(DOC)
for user in data["users"]:
    city = (user.get("address") or {}).get("city", "unknown")
    print(f'{user["id"]}: {user["name"]:<4} roles={",".join(user["roles"]) or "-"} city={city}')
devs = [u["name"] for u in data["users"] if "dev" in u["roles"]]
print(json.dumps({"devs": devs, "count": len(devs)}))
