class Product:
    def __init__(self, name, price, quantity=0):
        self.name = name
        self.price = price
        self.quantity = quantity

    def total_value(self):
        return self.price * self.quantity

    def __repr__(self):
        return f"Product({self.name!r}, {self.price}, {self.quantity})"


class Inventory:
    def __init__(self):
        self.products = []

    def add(self, product):
        self.products.append(product)

    def low_stock(self, threshold=5):
        return [p for p in self.products if p.quantity < threshold]

    def total(self):
        return sum(p.total_value() for p in self.products)


inv = Inventory()
inv.add(Product("Laptop", 999.99, 3))
inv.add(Product("Mouse", 19.99, 50))
inv.add(Product("Monitor", 249.5, 4))
print("Low stock:", inv.low_stock())
print(f"Total value: ${inv.total():,.2f}")
