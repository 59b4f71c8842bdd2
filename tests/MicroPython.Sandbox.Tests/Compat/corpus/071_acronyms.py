def acronym(phrase: str) -> str:
    words = phrase.replace("-", " ").split()
    return "".join(w[0].upper() for w in words if w)

for p in ["Portable Network Graphics", "Complementary metal-oxide semiconductor", "as soon as possible", "Ruby on Rails"]:
    print(f"{p} -> {acronym(p)}")
