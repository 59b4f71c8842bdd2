LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]

def winner(board):
    for a, b, c in LINES:
        if board[a] != " " and board[a] == board[b] == board[c]:
            return board[a]
    return None

def render(board):
    rows = [" | ".join(board[i:i + 3]) for i in range(0, 9, 3)]
    return "\n---------\n".join(rows)

moves = [4, 0, 8, 2, 1, 7, 6, 3, 5]
board = [" "] * 9
player = "X"
for m in moves:
    board[m] = player
    w = winner(board)
    if w:
        break
    player = "O" if player == "X" else "X"
print(render(board))
print("winner:", winner(board) or "draw")
