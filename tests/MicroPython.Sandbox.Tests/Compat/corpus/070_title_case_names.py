def title_case(name: str) -> str:
    return " ".join(part.capitalize() for part in name.split())

names = ["ada lovelace", "ALAN TURING", "grace hopper", "john von neumann"]
for n in names:
    print(title_case(n))
print(sorted(names, key=str.lower))
