BOARD = [
    "534678912",
    "672195348",
    "198342567",
    "859761423",
    "426853791",
    "713924856",
    "961537284",
    "287419635",
    "345286179",
]

def valid(board):
    rows = [list(r) for r in board]
    cols = [list(c) for c in zip(*board)]
    boxes = [[board[r][c] for r in range(br, br + 3) for c in range(bc, bc + 3)]
             for br in (0, 3, 6) for bc in (0, 3, 6)]
    return all(sorted(group) == list("123456789") for group in rows + cols + boxes)

print(valid(BOARD))
broken = BOARD[:]
broken[0] = "535678912"
print(valid(broken))
