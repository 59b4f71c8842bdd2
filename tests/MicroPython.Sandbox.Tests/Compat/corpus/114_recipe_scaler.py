from fractions import Fraction

recipe = {"flour (cups)": Fraction(3, 2), "sugar (cups)": Fraction(2, 3), "eggs": Fraction(2), "butter (tbsp)": Fraction(5, 2)}

def scale(recipe, factor):
    return {k: v * factor for k, v in recipe.items()}

for factor in (Fraction(1, 2), Fraction(3)):
    print(f"x{factor}:")
    scaled = scale(recipe, factor)
    for name in sorted(scaled):
        print(f"  {name}: {scaled[name]}")
