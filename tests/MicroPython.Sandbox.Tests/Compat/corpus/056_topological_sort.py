from collections import defaultdict, deque

deps = {
    "app": ["lib", "utils"],
    "lib": ["core"],
    "utils": ["core"],
    "core": [],
    "tests": ["app"],
}

def topo(deps):
    indegree = {k: 0 for k in deps}
    users = defaultdict(list)
    for node, needs in deps.items():
        for n in needs:
            indegree[node] += 1
            users[n].append(node)
    ready = deque(sorted(k for k, v in indegree.items() if v == 0))
    order = []
    while ready:
        n = ready.popleft()
        order.append(n)
        for u in sorted(users[n]):
            indegree[u] -= 1
            if indegree[u] == 0:
                ready.append(u)
    return order

print(topo(deps))
