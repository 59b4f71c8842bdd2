# collections for MicroPython.Sandbox: MicroPython's built-in deque and OrderedDict, plus namedtuple,
# defaultdict, Counter, ChainMap, UserDict/UserList and the missing OrderedDict and deque methods.
# MicroPython's plain dicts do not keep insertion order; the classes here are built on its OrderedDict so
# that they iterate in insertion order as CPython's do.
import _builtin

_c = _builtin.load('collections')
_OD = _c.OrderedDict
_deque = _c.deque
del _c, _builtin

_MISSING = object()

__all__ = ['ChainMap', 'Counter', 'OrderedDict', 'UserDict', 'UserList', 'UserString', 'defaultdict', 'deque',
           'namedtuple']


def _same_items(a, b):
    if not isinstance(b, dict) or len(a) != len(b):
        return False
    for k, v in a.items():
        w = b.get(k, _MISSING)
        if w is _MISSING or w != v:
            return False
    return True


def _repr_items(d):
    return '{' + ', '.join('%r: %r' % kv for kv in d.items()) + '}'


class OrderedDict(_OD):
    def move_to_end(self, key, last=True):
        value = self.pop(key)
        if last:
            self[key] = value
            return
        rest = list(self.items())
        self.clear()
        self[key] = value
        for k, v in rest:
            self[k] = v

    def popitem(self, last=True):
        if not self:
            raise KeyError('dictionary is empty')
        key = next(reversed(list(self))) if last else next(iter(self))
        return key, self.pop(key)

    def copy(self):
        return type(self)(self.items())

    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            return list(self.items()) == list(other.items())
        return _same_items(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __repr__(self):
        if not self:
            return '%s()' % type(self).__name__
        return '%s(%r)' % (type(self).__name__, list(self.items()))

    def __reversed__(self):
        return reversed(list(self))

    # print() looks for __str__ first and would find the built-in OrderedDict's.
    def __str__(self):
        return self.__repr__()


class _dict(_OD):
    """A dict that keeps insertion order and prints as a dict: what CPython returns as a plain dict where
    the order shows (namedtuple._asdict, dataclasses.asdict, ...)."""

    def __repr__(self):
        return _repr_items(self)

    def __str__(self):
        return _repr_items(self)

    def __eq__(self, other):
        return _same_items(self, other)

    def __ne__(self, other):
        return not _same_items(self, other)


def _init_mapping(d, args, kwargs, setter):
    if args:
        other = args[0]
        if hasattr(other, 'items'):
            for k, v in other.items():
                setter(k, v)
        else:
            for k, v in other:
                setter(k, v)
    for k, v in kwargs.items():
        setter(k, v)


class defaultdict(_OD):
    def __init__(self, default_factory=None, *args, **kwargs):
        super().__init__()
        if default_factory is not None and not callable(default_factory):
            raise TypeError('first argument must be callable or None')
        self.default_factory = default_factory
        _init_mapping(self, args, kwargs, self.__setitem__)

    def __getitem__(self, key):
        value = self.get(key, _MISSING)
        if value is _MISSING:
            return self.__missing__(key)
        return value

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self[key] = value
        return value

    def copy(self):
        return defaultdict(self.default_factory, self.items())

    __copy__ = copy

    def __eq__(self, other):
        return _same_items(self, other)

    def __ne__(self, other):
        return not _same_items(self, other)

    def __repr__(self):
        f = self.default_factory
        name = 'None' if f is None else getattr(f, '__name__', repr(f))
        if isinstance(f, type):
            name = "<class '%s'>" % f.__name__
        return 'defaultdict(%s, %s)' % (name, _repr_items(self))

    def __str__(self):
        return self.__repr__()


class Counter(_OD):
    def __init__(self, iterable=None, **kwargs):
        super().__init__()
        self.update(iterable, **kwargs)

    def __getitem__(self, key):
        return self.get(key, 0)

    def __missing__(self, key):
        return 0

    def total(self):
        return sum(self.values())

    def most_common(self, n=None):
        # MicroPython's sort is not stable: ties are kept in insertion order explicitly, as CPython's are.
        items = list(self.items())
        order = sorted(range(len(items)), key=lambda i: (-items[i][1], i))
        items = [items[i] for i in order]
        return items if n is None else items[:n]

    def elements(self):
        for k, v in self.items():
            for _ in range(v):
                yield k

    def update(self, iterable=None, **kwargs):
        if iterable is not None:
            if hasattr(iterable, 'items'):
                for k, v in iterable.items():
                    self[k] = self.get(k, 0) + v
            else:
                get = self.get
                for k in iterable:
                    self[k] = get(k, 0) + 1
        for k, v in kwargs.items():
            self[k] = self.get(k, 0) + v

    def subtract(self, iterable=None, **kwargs):
        if iterable is not None:
            if hasattr(iterable, 'items'):
                for k, v in iterable.items():
                    self[k] = self.get(k, 0) - v
            else:
                for k in iterable:
                    self[k] = self.get(k, 0) - 1
        for k, v in kwargs.items():
            self[k] = self.get(k, 0) - v

    def copy(self):
        return Counter(self)

    __copy__ = copy

    def __delitem__(self, key):
        if key in self:
            super().__delitem__(key)

    def __eq__(self, other):
        if not isinstance(other, dict):
            return False
        for k in set(self) | set(other):
            if self.get(k, 0) != other.get(k, 0):
                return False
        return True

    def __ne__(self, other):
        return not self.__eq__(other)

    def __repr__(self):
        if not self:
            return 'Counter()'
        return 'Counter({%s})' % ', '.join('%r: %r' % kv for kv in self.most_common())

    def __str__(self):
        return self.__repr__()

    def _keep_positive(self):
        return Counter({k: v for k, v in self.items() if v > 0})

    def _combine(self, other, op, from_other):
        # CPython's multiset operations: op on each count of self, then what only other has (from_other), keeping
        # only positive results.
        result = Counter()
        for k, v in self.items():
            n = op(v, other.get(k, 0))
            if n > 0:
                result[k] = n
        if from_other is not None:
            for k, v in other.items():
                if k not in self:
                    n = from_other(v)
                    if n > 0:
                        result[k] = n
        return result

    def __add__(self, other):
        return self._combine(other, lambda a, b: a + b, lambda b: b)

    def __sub__(self, other):
        return self._combine(other, lambda a, b: a - b, lambda b: 0 - b)

    def __or__(self, other):
        return self._combine(other, max, lambda b: b)

    def __and__(self, other):
        return self._combine(other, min, None)

    def __pos__(self):
        return self._keep_positive()

    def __neg__(self):
        return Counter({k: -v for k, v in self.items() if v < 0})

    def __iadd__(self, other):
        for k, v in other.items():
            self[k] = self.get(k, 0) + v
        return self._keep_positive()

    def __isub__(self, other):
        for k, v in other.items():
            self[k] = self.get(k, 0) - v
        return self._keep_positive()

    @classmethod
    def fromkeys(cls, iterable, v=None):
        raise NotImplementedError('Counter.fromkeys() is undefined.  Use Counter(iterable) instead.')


class ChainMap:
    def __init__(self, *maps):
        self.maps = list(maps) or [{}]

    def __getitem__(self, key):
        for m in self.maps:
            if key in m:
                return m[key]
        return self.__missing__(key)

    def __missing__(self, key):
        raise KeyError(key)

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __len__(self):
        keys = set()
        for m in self.maps:
            keys.update(m)
        return len(keys)

    def __iter__(self):
        seen = []
        s = set()
        for m in reversed(self.maps):
            for k in m:
                if k not in s:
                    s.add(k)
                    seen.append(k)
        return iter(seen)

    def __contains__(self, key):
        return any(key in m for m in self.maps)

    def __bool__(self):
        return any(self.maps)

    def __setitem__(self, key, value):
        self.maps[0][key] = value

    def __delitem__(self, key):
        try:
            del self.maps[0][key]
        except KeyError:
            raise KeyError('Key not found in the first mapping: %r' % (key,))

    def keys(self):
        return list(self)

    def items(self):
        return [(k, self[k]) for k in self]

    def values(self):
        return [self[k] for k in self]

    def new_child(self, m=None):
        return ChainMap({} if m is None else m, *self.maps)

    @property
    def parents(self):
        return ChainMap(*self.maps[1:])

    def __repr__(self):
        return 'ChainMap(%s)' % ', '.join(repr(m) for m in self.maps)


class deque:
    """A double-ended queue: MicroPython's built-in deque has no maxlen trimming, rotate, clear or the like,
    so this one keeps a list with a moving head (popleft is amortized O(1))."""

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None and maxlen < 0:
            raise ValueError('maxlen must be non-negative')
        self._items = []
        self._head = 0
        self.maxlen = maxlen
        for x in iterable:
            self.append(x)

    def _compact(self):
        if self._head > 32 and self._head * 2 > len(self._items):
            del self._items[:self._head]
            self._head = 0

    def append(self, x):
        self._items.append(x)
        if self.maxlen is not None and len(self._items) - self._head > self.maxlen:
            self._head += 1
            self._compact()

    def appendleft(self, x):
        if self._head > 0:
            self._head -= 1
            self._items[self._head] = x
        else:
            self._items.insert(0, x)
        if self.maxlen is not None and len(self) > self.maxlen:
            self._items.pop()

    def pop(self):
        if len(self) == 0:
            raise IndexError('pop from an empty deque')
        return self._items.pop()

    def popleft(self):
        if len(self) == 0:
            raise IndexError('pop from an empty deque')
        x = self._items[self._head]
        self._items[self._head] = None
        self._head += 1
        if self._head == len(self._items):
            self._items = []
            self._head = 0
        else:
            self._compact()
        return x

    def extend(self, iterable):
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        self._items = []
        self._head = 0

    def copy(self):
        return deque(self, self.maxlen)

    __copy__ = copy

    def count(self, x):
        return sum(1 for y in self if y == x)

    def index(self, x, start=0, stop=None):
        items = list(self)
        return items.index(x, start, len(items) if stop is None else stop)

    def insert(self, i, x):
        if self.maxlen is not None and len(self) >= self.maxlen:
            raise IndexError('deque already at its maximum size')
        items = list(self)
        items.insert(i, x)
        self._items = items
        self._head = 0

    def remove(self, value):
        items = list(self)
        items.remove(value)
        self._items = items
        self._head = 0

    def reverse(self):
        items = list(self)
        items.reverse()
        self._items = items
        self._head = 0

    def rotate(self, n=1):
        length = len(self)
        if length == 0:
            return
        n %= length
        if n:
            items = list(self)
            self._items = items[-n:] + items[:-n]
            self._head = 0

    def __len__(self):
        return len(self._items) - self._head

    def __bool__(self):
        return len(self._items) > self._head

    def __iter__(self):
        items = self._items
        for i in range(self._head, len(items)):
            yield items[i]

    def __reversed__(self):
        items = self._items
        for i in range(len(items) - 1, self._head - 1, -1):
            yield items[i]

    def _index(self, i):
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError('deque index out of range')
        return self._head + i

    def __getitem__(self, i):
        if isinstance(i, slice):
            raise TypeError('sequence index must be integer, not slice')
        return self._items[self._index(i)]

    def __setitem__(self, i, x):
        self._items[self._index(i)] = x

    def __delitem__(self, i):
        j = self._index(i)
        del self._items[j]

    def __contains__(self, x):
        for y in self:
            if y == x:
                return True
        return False

    def __eq__(self, other):
        return isinstance(other, deque) and list(self) == list(other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __lt__(self, other):
        return list(self) < list(other)

    def __add__(self, other):
        d = deque(self, self.maxlen)
        d.extend(other)
        return d

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        return deque(list(self) * n, self.maxlen)

    def __repr__(self):
        if self.maxlen is None:
            return 'deque(%r)' % list(self)
        return 'deque(%r, maxlen=%d)' % (list(self), self.maxlen)


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(',', ' ').split()
    fields = tuple(str(f) for f in field_names)
    if rename:
        seen = set()
        out = []
        for i, f in enumerate(fields):
            if not f or f[0].isdigit() or f.startswith('_') or f in seen:
                f = '_%d' % i
            seen.add(f)
            out.append(f)
        fields = tuple(out)
    count = len(fields)
    defaults = tuple(defaults) if defaults else ()
    if len(defaults) > count:
        raise TypeError('Got more default values than field names')
    index = {}
    for i, f in enumerate(fields):
        index[f] = i
    field_defaults = {}
    for f, d in zip(fields[count - len(defaults):], defaults):
        field_defaults[f] = d

    # MicroPython's tuple has no __new__ to call: the values reach the native tuple through
    # super().__init__, which MicroPython provides for subclasses of native types.
    def __init__(self, *args, **kwargs):
        if len(args) > count:
            raise TypeError('%s() takes %d positional arguments but %d were given' % (typename, count + 1, len(args) + 1))
        values = list(args)
        for f in fields[len(args):]:
            if f in kwargs:
                values.append(kwargs.pop(f))
            elif f in field_defaults:
                values.append(field_defaults[f])
            else:
                missing = [g for g in fields[len(values):] if g not in kwargs and g not in field_defaults]
                raise TypeError("%s() missing %d required positional argument%s: %s" % (
                    typename, len(missing), '' if len(missing) == 1 else 's', ', '.join("'%s'" % m for m in missing)))
        if kwargs:
            raise TypeError("%s() got an unexpected keyword argument '%s'" % (typename, next(iter(kwargs))))
        super(cls[0], self).__init__(values)

    def _make(cls, iterable):
        return cls(*iterable)

    def _replace(self, **kwargs):
        values = list(self)
        for k, v in kwargs.items():
            if k not in index:
                raise ValueError('Got unexpected field names: %r' % [k])
            values[index[k]] = v
        return type(self)(*values)

    def _asdict(self):
        d = _dict()
        for f, v in zip(fields, self):
            d[f] = v
        return d

    def __repr__(self):
        return '%s(%s)' % (typename, ', '.join('%s=%r' % (f, v) for f, v in zip(fields, self)))

    def __getnewargs__(self):
        return tuple(self)

    body = {
        '__init__': __init__, '_make': classmethod(_make), '_replace': _replace, '_asdict': _asdict,
        '__repr__': __repr__, '__str__': __repr__, '_fields': fields, '_field_defaults': field_defaults, '__slots__': (),
        '__getnewargs__': __getnewargs__, '__match_args__': fields,
    }
    for i, f in enumerate(fields):
        body[f] = property(lambda self, i=i: self[i])
    cls = [type(typename, (tuple,), body)]
    return cls[0]
