import textwrap

text = ("Python is a high-level, general-purpose programming language. Its design philosophy "
        "emphasizes code readability with the use of significant indentation.")
for line in textwrap.wrap(text, width=40):
    print(f"|{line:<40}|")
print()
print(textwrap.fill(text, width=30, initial_indent="* ", subsequent_indent="  "))
print(textwrap.dedent("""
    indented
      more
    back
""").strip())
