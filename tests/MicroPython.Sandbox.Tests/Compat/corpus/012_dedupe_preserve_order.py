def dedupe(items):
    seen = set()
    result = []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result

emails = ["a@x.com", "b@y.org", "a@x.com", "c@z.net", "b@y.org", "d@x.com"]
unique = dedupe(emails)
print(unique)
domains = dedupe(e.split("@")[1] for e in emails)
print(domains)
print(f"Removed {len(emails) - len(unique)} duplicates")
