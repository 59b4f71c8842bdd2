import textwrap

paragraph = ("Python is a high-level, general-purpose programming language. Its design philosophy "
             "emphasizes code readability with the use of significant indentation.")
for line in textwrap.wrap(paragraph, width=40):
    print("|", line)
print(textwrap.shorten(paragraph, width=50, placeholder="..."))
print(textwrap.indent("a\nb", "> "))
print(textwrap.dedent("""
    one
      two
    """).strip())
