python_devs = {"ann", "bob", "cid", "dee"}
rust_devs = {"cid", "eve", "ann"}
go_devs = {"fay", "ann"}
print(sorted(python_devs & rust_devs))
print(sorted(python_devs | rust_devs | go_devs))
print(sorted(python_devs - rust_devs))
print(sorted(python_devs ^ rust_devs))
print(go_devs <= python_devs | go_devs, {"ann"}.issubset(rust_devs), python_devs.isdisjoint({"zed"}))
everyone = python_devs.union(rust_devs, go_devs)
print(len(everyone), sorted(everyone - python_devs.intersection(rust_devs)))
