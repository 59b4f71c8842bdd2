from typing import List, Dict, Optional, Union, Any, Callable, Tuple, Set, Iterable, Iterator, TypeVar, Generic, Protocol, NamedTuple, TypedDict, cast, overload, Sequence, Mapping, Literal, Final, ClassVar, DefaultDict, Deque, FrozenSet, Type, Generator
from dataclasses import dataclass, field, asdict, astuple, replace, fields
from enum import Enum, IntEnum, auto
from abc import ABC, abstractmethod
from collections import Counter, OrderedDict, namedtuple, ChainMap, defaultdict, deque
from itertools import permutations, combinations, product, groupby, accumulate, zip_longest, islice, pairwise, chain, count, cycle, repeat, starmap, takewhile, dropwhile, compress, tee, combinations_with_replacement, filterfalse
from functools import lru_cache, cache, wraps, partial, reduce, total_ordering, cmp_to_key, cached_property
from math import comb, perm, prod, isqrt, lcm, dist, fsum
import statistics, string, textwrap, bisect, fractions, csv, operator, contextlib, random, re, hashlib
print(statistics.mean([1, 2]), statistics.median([1, 3, 2]), statistics.mode([1, 1, 2]), f'{statistics.pstdev([1, 2, 3]):.3f}')
print(string.ascii_letters[:3], string.digits, string.punctuation[:3])
print(fractions.Fraction(1, 3) + fractions.Fraction(1, 6))
print(operator.itemgetter(1)([1, 2]), operator.attrgetter('a')(type('O', (), {'a': 5})()))
print(random.Random(1).random() == random.Random(1).random(), len(random.sample(range(10), 3)), len(random.choices('ab', k=5)))
print(re.split(r'\s+', 'a b  c'), re.findall(r'\d', 'a1b2'), [m.group() for m in re.finditer(r'\w+', 'x y')], bool(re.fullmatch(r'\d+', '12')), re.escape('a.b'), bool(re.search('A', 'xa', re.I | re.M | re.S)))
print(hashlib.md5(b'abc').hexdigest())
print(list(pairwise([1, 2, 3])), list(zip_longest('ab', 'c', fillvalue='-')))
@dataclass(frozen=True, order=True)
class P:
    x: int
    y: int = 0
    tags: list = field(default_factory=list)
p = P(1)
print(p, asdict(p), astuple(p), replace(p, y=5), P(0) < P(1), [f.name for f in fields(P)])
class C:
    @cached_property
    def v(self): return 42
print(C().v, comb(5, 2), perm(5, 2), prod([2, 3]), isqrt(17), lcm(4, 6), dist((0, 0), (3, 4)), fsum([0.1] * 10))
T = TypeVar('T')
class Box(Generic[T]):
    def __init__(self, v: T): self.v = v
class Pt(NamedTuple):
    x: int
    y: int = 2
class TD(TypedDict):
    a: int
print(Box(1).v, Pt(1), Pt(1)._asdict(), cast(int, '3'), TD(a=1))
with contextlib.suppress(KeyError):
    {}['x']
try:
    open('/nope')
except FileNotFoundError as e:
    print(type(e).__name__, isinstance(e, OSError))
print(textwrap.fill('a b c d', 3), bisect.insort is not None)
out = __import__('io').StringIO()
w = csv.DictWriter(out, fieldnames=['a', 'b'], lineterminator='\n'); w.writeheader(); w.writerow({'a': 1, 'b': 2})
print(out.getvalue().strip().split('\n'), list(csv.reader(['x,y'])))
nt = namedtuple('nt', 'a b'); print(nt._fields, nt(1, 2)._replace(a=3))
print(ChainMap({'a': 1}, {'a': 2, 'b': 3})['b'], Counter('aab').most_common(1), OrderedDict(a=1))
