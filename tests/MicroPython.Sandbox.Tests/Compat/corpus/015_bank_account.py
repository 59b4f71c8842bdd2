class InsufficientFunds(Exception):
    pass


class Account:
    def __init__(self, owner: str, balance: float = 0.0):
        self.owner = owner
        self.balance = balance
        self.history = []

    def deposit(self, amount: float) -> None:
        if amount <= 0:
            raise ValueError("Deposit must be positive")
        self.balance += amount
        self.history.append(("deposit", amount))

    def withdraw(self, amount: float) -> None:
        if amount > self.balance:
            raise InsufficientFunds(f"Cannot withdraw {amount:.2f}; balance is {self.balance:.2f}")
        self.balance -= amount
        self.history.append(("withdraw", amount))

    def __str__(self):
        return f"{self.owner}: ${self.balance:.2f}"


acct = Account("Jane", 100)
acct.deposit(50)
acct.withdraw(30)
try:
    acct.withdraw(500)
except InsufficientFunds as e:
    print("Error:", e)
try:
    acct.deposit(-5)
except ValueError as e:
    print("Error:", e)
print(acct)
print(acct.history)
