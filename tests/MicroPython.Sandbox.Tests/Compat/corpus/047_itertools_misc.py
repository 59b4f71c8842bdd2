from itertools import chain, islice, cycle, count, zip_longest, pairwise, takewhile, dropwhile, starmap, compress, repeat

print(list(chain([1, 2], (3, 4), "ab")))
print(list(chain.from_iterable([[1], [2, 3], []])))
print(list(islice(count(10, 5), 4)))
print(list(islice(cycle("XYZ"), 7)))
print(list(zip_longest([1, 2, 3], ["a"], fillvalue="?")))
print(list(pairwise("abcd")))
print(list(takewhile(lambda x: x < 10, [1, 4, 9, 16, 2])))
print(list(dropwhile(lambda x: x < 10, [1, 4, 9, 16, 2])))
print(list(starmap(max, [(1, 5), (7, 2)])))
print(list(compress(range(6), [1, 0, 1, 0, 1, 1])))
print(list(repeat("hi", 3)))
