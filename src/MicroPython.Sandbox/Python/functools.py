# functools for MicroPython.Sandbox.
# MicroPython functions take no attributes, so wrappers carry no __wrapped__ or cache_info of their own:
# lru_cache returns a small callable object that has them.

WRAPPER_ASSIGNMENTS = ('__module__', '__name__', '__qualname__', '__doc__')
WRAPPER_UPDATES = ('__dict__',)

_initial_missing = object()


def reduce(function, iterable, initial=_initial_missing):
    it = iter(iterable)
    if initial is _initial_missing:
        try:
            value = next(it)
        except StopIteration:
            raise TypeError('reduce() of empty iterable with no initial value') from None
    else:
        value = initial
    for element in it:
        value = function(value, element)
    return value


class partial:
    def __init__(self, func, *args, **keywords):
        if not callable(func):
            raise TypeError('the first argument must be callable')
        if isinstance(func, partial):
            args = func.args + args
            kw = dict(func.keywords)
            kw.update(keywords)
            keywords = kw
            func = func.func
        self.func = func
        self.args = args
        self.keywords = keywords

    def __call__(self, *args, **keywords):
        kw = dict(self.keywords)
        kw.update(keywords)
        if self.func is int and 'base' in kw and len(kw) == 1:
            # partial(int, base=2): MicroPython's int() takes its base by position only.
            return int(*self.args, *args, kw['base'])
        return self.func(*self.args, *args, **kw)

    def __repr__(self):
        parts = [repr(self.func)] + [repr(a) for a in self.args] + ['%s=%r' % kv for kv in self.keywords.items()]
        return 'functools.partial(%s)' % ', '.join(parts)


class partialmethod:
    def __init__(self, func, *args, **keywords):
        self.func = func
        self.args = args
        self.keywords = keywords

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return partial(self.func, obj, *self.args, **self.keywords)


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    for attr in assigned:
        try:
            setattr(wrapper, attr, getattr(wrapped, attr))
        except (AttributeError, TypeError):
            pass
    try:
        wrapper.__wrapped__ = wrapped
    except (AttributeError, TypeError):
        pass
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    return partial(update_wrapper, wrapped=wrapped, assigned=assigned, updated=updated)


class _CacheInfo(tuple):
    def __init__(self, hits, misses, maxsize, currsize):
        super().__init__((hits, misses, maxsize, currsize))

    hits = property(lambda s: s[0])
    misses = property(lambda s: s[1])
    maxsize = property(lambda s: s[2])
    currsize = property(lambda s: s[3])

    def __repr__(self):
        return 'CacheInfo(hits=%r, misses=%r, maxsize=%r, currsize=%r)' % tuple(self)

    __str__ = __repr__


_kwd_mark = object()


class _LruWrapper:
    def __init__(self, func, maxsize, typed):
        self.__wrapped__ = func
        self.__name__ = getattr(func, '__name__', 'function')
        self._maxsize = maxsize
        self._typed = typed
        self._cache = {}
        self._order = [] if maxsize is not None else None
        self._hits = 0
        self._misses = 0

    def _key(self, args, kwargs):
        key = args
        if kwargs:
            key += (_kwd_mark,) + tuple(sorted(kwargs.items()))
        if self._typed:
            key += tuple(type(v) for v in args)
        return key

    def __call__(self, *args, **kwargs):
        key = self._key(args, kwargs) if kwargs or self._typed or len(args) != 1 else args[0]
        cache = self._cache
        try:
            result = cache[key]
        except KeyError:
            pass
        except TypeError:
            raise TypeError("unhashable type: '%s'" % type(key).__name__) from None
        else:
            self._hits += 1
            if self._order is not None and self._maxsize:
                order = self._order
                if order[-1] != key:
                    order.remove(key)
                    order.append(key)
            return result
        self._misses += 1
        result = self.__wrapped__(*args, **kwargs)
        if self._maxsize is None:
            cache[key] = result
        elif self._maxsize > 0:
            if key not in cache:
                self._order.append(key)
            cache[key] = result
            if len(self._order) > self._maxsize:
                old = self._order.pop(0)
                del cache[old]
        return result

    def cache_info(self):
        return _CacheInfo(self._hits, self._misses, self._maxsize, len(self._cache))

    def cache_clear(self):
        self._cache = {}
        if self._order is not None:
            self._order = []
        self._hits = self._misses = 0

    def cache_parameters(self):
        return {'maxsize': self._maxsize, 'typed': self._typed}

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return partial(self, obj)

    def __repr__(self):
        return '<functools._lru_cache_wrapper object>'


def lru_cache(maxsize=128, typed=False):
    if callable(maxsize) and not isinstance(maxsize, int):
        return _LruWrapper(maxsize, 128, False)
    if maxsize is not None and maxsize < 0:
        maxsize = 0

    def decorating_function(user_function):
        return _LruWrapper(user_function, maxsize, typed)
    return decorating_function


def cache(user_function):
    return _LruWrapper(user_function, None, False)


def total_ordering(cls):
    d = cls.__dict__
    if '__lt__' in d:
        lt = d['__lt__']
        cls.__gt__ = lambda self, other: _flip(lt(self, other), self == other)
        cls.__le__ = lambda self, other: _or(lt(self, other), self == other)
        cls.__ge__ = lambda self, other: _not(lt(self, other))
    elif '__le__' in d:
        le = d['__le__']
        cls.__ge__ = lambda self, other: _or(_not(le(self, other)), self == other)
        cls.__lt__ = lambda self, other: _and(le(self, other), self != other)
        cls.__gt__ = lambda self, other: _not(le(self, other))
    elif '__gt__' in d:
        gt = d['__gt__']
        cls.__lt__ = lambda self, other: _and(_not(gt(self, other)), self != other)
        cls.__ge__ = lambda self, other: _or(gt(self, other), self == other)
        cls.__le__ = lambda self, other: _not(gt(self, other))
    elif '__ge__' in d:
        ge = d['__ge__']
        cls.__le__ = lambda self, other: _or(_not(ge(self, other)), self == other)
        cls.__gt__ = lambda self, other: _and(ge(self, other), self != other)
        cls.__lt__ = lambda self, other: _not(ge(self, other))
    else:
        raise ValueError('must define at least one ordering operation: < > <= >=')
    return cls


def _not(r):
    return r if r is NotImplemented else not r


def _or(a, b):
    return a if a is NotImplemented else (a or b)


def _and(a, b):
    return a if a is NotImplemented else (a and b)


def _flip(lt_result, eq):
    if lt_result is NotImplemented:
        return NotImplemented
    return not lt_result and not eq


def cmp_to_key(mycmp):
    class K:
        __slots__ = ['obj']

        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0

        __hash__ = None
    return K


class cached_property:
    def __init__(self, func):
        self.func = func
        self.attrname = None
        self.__doc__ = getattr(func, '__doc__', None)

    def __set_name__(self, owner, name):
        self.attrname = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        # Stored on the instance, which then shadows this descriptor (it has no __set__).
        value = self.func(instance)
        setattr(instance, self.attrname or self.func.__name__, value)
        return value


class singledispatch:
    def __init__(self, func):
        self._default = func
        self._registry = {}
        self.__name__ = getattr(func, '__name__', 'function')

    def register(self, cls, func=None):
        if func is None:
            if isinstance(cls, type):
                return lambda f: self.register(cls, f)
            raise TypeError('register() needs a class (this Python keeps no annotations to read it from)')
        self._registry[cls] = func
        return func

    def dispatch(self, cls):
        todo = [cls]
        while todo:
            c = todo.pop(0)
            if c in self._registry:
                return self._registry[c]
            todo.extend(getattr(c, '__bases__', ()))
        return self._default

    def __call__(self, *args, **kwargs):
        return self.dispatch(type(args[0]))(*args, **kwargs)
