name, score, ratio = "Ada", 93.456, 0.8765
print(f"{name:<10}|{score:>8.2f}|{ratio:.1%}")
print("{:^10}|{:+d}|{:e}".format("mid", 42, 12345.678))
print("%s scored %d (%.1f%%)" % (name, score, ratio * 100))
print(f"{1234567:,}", f"{0.000123:.2e}", f"{255:#06x}", f"{7:03d}")
items = [("apple", 1.5), ("kiwi", 0.25), ("watermelon", 3.0)]
for item, price in items:
    print(f"{item:.<15}{price:>6.2f}")
print(f"{'nested':>{12}}", f"{3.14159:.{3}f}")
