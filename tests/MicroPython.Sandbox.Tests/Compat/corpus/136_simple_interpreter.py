def evaluate(tokens):
    ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b}
    stack = []
    for tok in tokens:
        if tok in ops:
            b, a = stack.pop(), stack.pop()
            stack.append(ops[tok](a, b))
        else:
            stack.append(float(tok))
    return stack[0]

for expr in ["3 4 +", "5 1 2 + 4 * + 3 -", "2 3 4 * +", "10 2 8 * + 3 -"]:
    print(expr, "=", evaluate(expr.split()))
