# typing for MicroPython.Sandbox: annotations work at run time (subscriptable, callable where CPython's are);
# nothing is checked.

TYPE_CHECKING = False


class _Alias:
    # A class statement with an alias as its first base (class Stack(Generic[T]), class P(NamedTuple))
    # calls type(base)(name, bases, namespace): __new__ then builds the class instead.
    def __new__(cls, name, origin=None, args=()):
        if isinstance(args, dict):
            return _make_class(name, origin, args)
        return object.__new__(cls)

    def __init__(self, name, origin=None, args=()):
        self._name = name
        self.__origin__ = origin
        self.__args__ = args

    def __getitem__(self, args):
        if not isinstance(args, tuple):
            args = (args,)
        return _Alias(self._name, self.__origin__ if self.__origin__ is not None else self, args)

    def __call__(self, *args, **kwargs):
        if self.__origin__ is None or isinstance(self.__origin__, _Alias):
            raise TypeError('Type %s cannot be instantiated' % self._name)
        return self.__origin__(*args, **kwargs)

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]

    def __repr__(self):
        if self.__args__:
            return 'typing.%s[%s]' % (self._name, ', '.join(_name(a) for a in self.__args__))
        return 'typing.' + self._name

    def __eq__(self, other):
        return isinstance(other, _Alias) and self._name == other._name and self.__args__ == other.__args__

    def __hash__(self):
        return hash(self._name)



def _root(alias):
    while isinstance(alias, _Alias) and alias.__origin__ is not None:
        alias = alias.__origin__
    return alias


def _make_class(name, bases, ns):
    real = []
    special = None
    for b in bases:
        r = _root(b)
        if r is NamedTuple or r is TypedDict:
            special = r
        elif isinstance(r, type):
            if r not in real:
                real.append(r)
    if special is NamedTuple:
        return _namedtuple_class(name, ns)
    if special is TypedDict:
        return type(name, (dict,), {})
    return type(name, tuple(real), ns)


def _name(t):
    if t is None or t is type(None):
        return 'None'
    if isinstance(t, type):
        return t.__name__
    if t is Ellipsis:
        return '...'
    return repr(t)


def _alias(name, origin=None):
    return _Alias(name, origin)


Any = _alias('Any')
Union = _alias('Union')
Optional = _alias('Optional')
Callable = _alias('Callable')
Literal = _alias('Literal')
ClassVar = _alias('ClassVar')
Final = _alias('Final')
Annotated = _alias('Annotated')
NoReturn = _alias('NoReturn')
Never = _alias('Never')
Self = _alias('Self')
LiteralString = _alias('LiteralString')
TypeAlias = _alias('TypeAlias')
TypeGuard = _alias('TypeGuard')
Concatenate = _alias('Concatenate')
Required = _alias('Required')
NotRequired = _alias('NotRequired')
Unpack = _alias('Unpack')
List = _alias('List', list)
Dict = _alias('Dict', dict)
Set = _alias('Set', set)
FrozenSet = _alias('FrozenSet', frozenset)
Tuple = _alias('Tuple', tuple)
Type = _alias('Type', type)
Text = str
AnyStr = _alias('AnyStr')
Iterable = _alias('Iterable')
Iterator = _alias('Iterator')
Generator = _alias('Generator')
AsyncIterator = _alias('AsyncIterator')
AsyncIterable = _alias('AsyncIterable')
AsyncGenerator = _alias('AsyncGenerator')
Awaitable = _alias('Awaitable')
Coroutine = _alias('Coroutine')
Reversible = _alias('Reversible')
Sequence = _alias('Sequence')
MutableSequence = _alias('MutableSequence')
Mapping = _alias('Mapping')
MutableMapping = _alias('MutableMapping')
AbstractSet = _alias('AbstractSet')
MutableSet = _alias('MutableSet')
Collection = _alias('Collection')
Container = _alias('Container')
Hashable = _alias('Hashable')
Sized = _alias('Sized')
KeysView = _alias('KeysView')
ValuesView = _alias('ValuesView')
ItemsView = _alias('ItemsView')
IO = _alias('IO')
TextIO = _alias('TextIO')
BinaryIO = _alias('BinaryIO')
Pattern = _alias('Pattern')
Match = _alias('Match')
SupportsInt = _alias('SupportsInt')
SupportsFloat = _alias('SupportsFloat')
SupportsAbs = _alias('SupportsAbs')
SupportsIndex = _alias('SupportsIndex')


def _collection(name, module, attr, fallback):
    try:
        return _Alias(name, getattr(__import__(module), attr))
    except (ImportError, AttributeError):
        return _Alias(name, fallback)


DefaultDict = _collection('DefaultDict', 'collections', 'defaultdict', dict)
OrderedDict = _collection('OrderedDict', 'collections', 'OrderedDict', dict)
Counter = _Alias('Counter')
Deque = _collection('Deque', 'collections', 'deque', list)
ChainMap = _Alias('ChainMap')


class TypeVar:
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound

    def __repr__(self):
        return '~' + self.__name__

    def __or__(self, other):
        return Union[self, other]


class ParamSpec(TypeVar):
    pass


class TypeVarTuple(TypeVar):
    pass


AnyStr = TypeVar('AnyStr', bytes, str)


Generic = _Alias('Generic')
Protocol = _Alias('Protocol')


def runtime_checkable(cls):
    return cls


def cast(typ, val):
    return val


def overload(func):
    return func


def final(f):
    return f


def no_type_check(f):
    return f


def get_type_hints(obj, globalns=None, localns=None):
    return dict(getattr(obj, '__annotations__', None) or {})


def get_origin(tp):
    return getattr(tp, '__origin__', None)


def get_args(tp):
    return getattr(tp, '__args__', ())


def assert_never(arg):
    raise AssertionError('Expected code to be unreachable')


def reveal_type(obj):
    return obj


def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    return new_type


class _NamedTupleAlias(_Alias):
    def __call__(self, typename, fields=None, **kwargs):
        from collections import namedtuple
        if fields is None:
            fields = list(kwargs.items())
        return namedtuple(typename, [f[0] for f in fields])


NamedTuple = _NamedTupleAlias('NamedTuple')


class _TypedDictAlias(_Alias):
    def __call__(self, typename, fields=None, total=True, **kwargs):
        return type(typename, (dict,), {})


TypedDict = _TypedDictAlias('TypedDict')


def _namedtuple_class(name, ns):
    from collections import namedtuple
    import _classbody

    found = _classbody.annotations_of(name, ns.get('__module__', '__main__'), ns) or []
    names = [n for n, a, v in found if not a.startswith('ClassVar')]
    defaults = [ns[n] for n, a, v in found if v and n in ns]
    base = namedtuple(name, names, defaults=defaults) if defaults else namedtuple(name, names)
    methods = {}
    for k, v in ns.items():
        if k not in names and k not in ('__module__', '__qualname__'):
            methods[k] = v
    if not methods:
        return base
    cls = type(name, (base,), methods)
    return cls
