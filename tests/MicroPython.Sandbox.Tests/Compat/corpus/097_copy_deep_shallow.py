import copy

original = {"name": "cfg", "values": [1, 2, [3, 4]], "meta": {"v": 1}}
shallow = copy.copy(original)
deep = copy.deepcopy(original)
original["values"][2].append(5)
original["meta"]["v"] = 2
print(shallow["values"], shallow["meta"])
print(deep["values"], deep["meta"])

class Node:
    def __init__(self, value, children=None):
        self.value = value
        self.children = children or []

tree = Node(1, [Node(2), Node(3, [Node(4)])])
clone = copy.deepcopy(tree)
clone.children[1].children[0].value = 40
print(tree.children[1].children[0].value, clone.children[1].children[0].value)
