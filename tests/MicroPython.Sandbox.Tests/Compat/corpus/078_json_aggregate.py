import json

orders = json.loads('[{"customer": "acme", "total": 120.5}, {"customer": "globex", "total": 80}, {"customer": "acme", "total": 42.25}, {"customer": "initech", "total": 300}]')
by_customer = {}
for o in orders:
    by_customer.setdefault(o["customer"], []).append(o["total"])
summary = [{"customer": c, "orders": len(t), "sum": round(sum(t), 2)} for c, t in sorted(by_customer.items())]
print(json.dumps(summary, indent=2))
print(max(summary, key=lambda s: s["sum"])["customer"])
