from typing import Optional, List

class TreeNode:
    def __init__(self, key: int):
        self.key = key
        self.left: Optional["TreeNode"] = None
        self.right: Optional["TreeNode"] = None

class BST:
    def __init__(self):
        self.root: Optional[TreeNode] = None

    def insert(self, key: int) -> None:
        if self.root is None:
            self.root = TreeNode(key)
            return
        node = self.root
        while True:
            if key < node.key:
                if node.left is None:
                    node.left = TreeNode(key)
                    return
                node = node.left
            else:
                if node.right is None:
                    node.right = TreeNode(key)
                    return
                node = node.right

    def inorder(self) -> List[int]:
        out, stack, node = [], [], self.root
        while stack or node:
            while node:
                stack.append(node)
                node = node.left
            node = stack.pop()
            out.append(node.key)
            node = node.right
        return out

    def height(self, node="root") -> int:
        if node == "root":
            node = self.root
        if node is None:
            return 0
        return 1 + max(self.height(node.left), self.height(node.right))

t = BST()
for k in [50, 30, 70, 20, 40, 60, 80, 35]:
    t.insert(k)
print(t.inorder(), t.height())
