from string import Template

tpl = Template("Dear $name,\nYour order #${order_id} of $$${amount} ships on $date.")
print(tpl.substitute(name="Ada", order_id=1042, amount="19.99", date="Monday"))
partial = Template("$greeting, $who! ($missing)")
print(partial.safe_substitute(greeting="Hi", who="there"))
try:
    Template("$x and $y").substitute(x=1)
except KeyError as e:
    print("missing key:", e)
