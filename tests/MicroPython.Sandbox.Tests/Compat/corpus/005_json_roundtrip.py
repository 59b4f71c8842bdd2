import json

inventory = {
    "warehouse": "A1",
    "items": [
        {"sku": "X100", "qty": 5, "tags": ["fragile"]},
        {"sku": "Y200", "qty": 0, "tags": []},
        {"sku": "Z300", "qty": 12, "tags": ["bulk", "heavy"]},
    ],
}

text = json.dumps(inventory, indent=2)
print(text)
loaded = json.loads(text)
in_stock = [item["sku"] for item in loaded["items"] if item["qty"] > 0]
print("In stock:", in_stock)
print(json.dumps({"count": len(in_stock), "ok": True, "note": None}, sort_keys=True))
