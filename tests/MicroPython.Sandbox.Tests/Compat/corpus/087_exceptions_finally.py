def divide(a, b):
    try:
        result = a / b
    except ZeroDivisionError:
        print("cannot divide by zero")
        return None
    else:
        print("division ok")
        return result
    finally:
        print(f"done dividing {a} by {b}")

print(divide(10, 2))
print(divide(1, 0))
try:
    divide("x", 1)
except TypeError:
    print("type error caught")
