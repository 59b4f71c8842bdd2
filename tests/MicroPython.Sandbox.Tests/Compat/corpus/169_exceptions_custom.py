class InsufficientFunds(Exception):
    def __init__(self, needed: float, available: float):
        super().__init__(f"need {needed:.2f}, have {available:.2f}")
        self.needed = needed
        self.available = available


class Account:
    def __init__(self, owner: str, balance: float = 0.0):
        self.owner = owner
        self.balance = balance

    def withdraw(self, amount: float) -> float:
        if amount <= 0:
            raise ValueError("amount must be positive")
        if amount > self.balance:
            raise InsufficientFunds(amount, self.balance)
        self.balance -= amount
        return self.balance


acct = Account("zoe", 100)
for amt in [30, -5, 100, 70]:
    try:
        print("balance:", acct.withdraw(amt))
    except InsufficientFunds as e:
        print("denied:", e, "short by", e.needed - e.available)
    except ValueError as e:
        print("error:", e)
    finally:
        print("attempted", amt)
