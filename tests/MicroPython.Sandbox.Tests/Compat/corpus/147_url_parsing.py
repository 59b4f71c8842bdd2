import re

URL = re.compile(r"^(?P<scheme>https?)://(?P<host>[^/:]+)(?::(?P<port>\d+))?(?P<path>/[^?#]*)?(?:\?(?P<query>[^#]*))?")

def parse(url):
    m = URL.match(url)
    if not m:
        return None
    parts = m.groupdict()
    query = {}
    if parts["query"]:
        for pair in parts["query"].split("&"):
            k, _, v = pair.partition("=")
            query[k] = v
    return parts["scheme"], parts["host"], int(parts["port"] or (443 if parts["scheme"] == "https" else 80)), parts["path"] or "/", sorted(query.items())

for u in ["https://example.com/a/b?x=1&y=two", "http://localhost:8000", "ftp://nope"]:
    print(parse(u))
