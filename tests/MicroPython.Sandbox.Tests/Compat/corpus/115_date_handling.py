from datetime import date, timedelta

start = date(2024, 2, 27)
for i in range(4):
    d = start + timedelta(days=i)
    print(d.isoformat(), d.weekday())
delta = date(2024, 12, 25) - date(2024, 1, 1)
print(delta.days)
print(date(2023, 3, 1) - timedelta(days=1))
print(date(2024, 1, 31) < date(2024, 2, 1), date.fromisoformat("2024-07-04").year)
