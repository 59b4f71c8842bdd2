# enum for MicroPython.Sandbox. MicroPython has no metaclass= keyword and cannot subclass a class whose
# type is a metaclass, but a class statement calls the type of its first base: Enum is an instance of
# _EnumBase, so `class Color(Enum)` calls _EnumBase(name, bases, namespace), which builds the enum class
# as an instance of EnumType (iterable, callable by value, subscriptable by name).

__all__ = ['Enum', 'IntEnum', 'StrEnum', 'Flag', 'IntFlag', 'auto', 'unique', 'EnumType', 'EnumMeta']

_auto_counter = [0]


class auto:
    def __init__(self):
        _auto_counter[0] += 1
        self._order = _auto_counter[0]
        self.value = None

    def __repr__(self):
        return 'auto()'


class EnumType(type):
    def __iter__(cls):
        return iter(cls._member_list_)

    def __reversed__(cls):
        return reversed(cls._member_list_)

    def __len__(cls):
        return len(cls._member_list_)

    def __contains__(cls, value):
        if _is_member(cls, value):
            return True
        return any(m._value_ == value for m in cls._member_list_)

    def __getitem__(cls, name):
        try:
            return cls._member_map_[name]
        except KeyError:
            raise KeyError(name) from None

    def __repr__(cls):
        return "<enum '%s'>" % cls.__name__

    @property
    def __members__(cls):
        return dict(cls._member_map_)


def _lookup(cls, value, *args):
    # EnumType.__call__: Color(1) finds the member with that value.
    if args:
        raise TypeError('%s cannot be extended' % cls.__name__)
    if _is_member(cls, value):
        return value
    for m in cls._member_list_:
        if m._value_ == value:
            return m
    if cls._kind_ in ('Flag', 'IntFlag') and isinstance(value, int):
        return _pseudo(cls, value)
    missing = cls.__dict__.get('_missing_')
    if missing is not None:
        r = missing.__func__(cls, value) if hasattr(missing, '__func__') else missing(cls, value)
        if r is not None:
            return r
    raise ValueError('%r is not a valid %s' % (value, cls.__name__))


def _is_member(cls, value):
    # type(member) is not the enum class itself here (it is a class made by a metaclass), so membership is
    # checked by name and identity.
    name = getattr(value, '_name_', None)
    return name is not None and cls._member_map_.get(name) is value


def _pseudo(cls, value):
    # A combination of flags that is not a member itself, named like CPython's (R|W).
    names = [m._name_ for m in cls._member_list_ if m._value_ and _single_bit(m._value_) and value & m._value_ == m._value_]
    covered = 0
    for m in cls._member_list_:
        if m._name_ in names:
            covered |= m._value_
    if covered != value and cls._kind_ == 'Flag':
        raise ValueError('%r is not a valid %s' % (value, cls.__name__))
    del EnumType.__call__
    try:
        m = cls()
    finally:
        EnumType.__call__ = _lookup
    m._name_ = '|'.join(names) if names else None
    m._value_ = value
    m._enum_ = cls
    return m


EnumType.__call__ = _lookup
EnumMeta = EnumType


class _Member:
    # The methods every member has; copied into each enum class (whose only base is object).
    def __repr__(self):
        return '<%s.%s: %r>' % (type(self).__name__, self._name_, self._value_)

    def __str__(self):
        return '%s.%s' % (type(self).__name__, self._name_)

    def __format__(self, spec):
        return format(str(self), spec)

    def __hash__(self):
        return hash(self._name_)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __reduce_ex__(self, proto):
        return self._enum_, (self._value_,)

    def __bool__(self):
        return True

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_


def _int_methods():
    def unwrap(x):
        return x._value_ if hasattr(x, '_value_') else x

    def binary(op):
        return lambda self, other: op(self._value_, unwrap(other))

    def rbinary(op):
        return lambda self, other: op(unwrap(other), self._value_)

    ops = {
        '__add__': lambda a, b: a + b, '__sub__': lambda a, b: a - b, '__mul__': lambda a, b: a * b,
        '__floordiv__': lambda a, b: a // b, '__truediv__': lambda a, b: a / b, '__mod__': lambda a, b: a % b,
        '__pow__': lambda a, b: a ** b, '__and__': lambda a, b: a & b, '__or__': lambda a, b: a | b,
        '__xor__': lambda a, b: a ^ b, '__lshift__': lambda a, b: a << b, '__rshift__': lambda a, b: a >> b,
        '__lt__': lambda a, b: a < b, '__le__': lambda a, b: a <= b, '__gt__': lambda a, b: a > b,
        '__ge__': lambda a, b: a >= b,
    }
    methods = {}
    for name, op in ops.items():
        methods[name] = binary(op)
        if name not in ('__lt__', '__le__', '__gt__', '__ge__'):
            methods['__r' + name[2:]] = rbinary(op)
    methods['__eq__'] = lambda self, other: self._value_ == unwrap(other)
    methods['__ne__'] = lambda self, other: self._value_ != unwrap(other)
    methods['__hash__'] = lambda self: hash(self._value_)
    methods['__int__'] = lambda self: int(self._value_)
    methods['__index__'] = lambda self: int(self._value_)
    methods['__float__'] = lambda self: float(self._value_)
    methods['__neg__'] = lambda self: -self._value_
    methods['__abs__'] = lambda self: abs(self._value_)
    methods['__bool__'] = lambda self: bool(self._value_)
    methods['__format__'] = lambda self, spec: format(self._value_, spec)
    methods['__str__'] = lambda self: str(self._value_)
    return methods


_INT_METHODS = None


def _str_methods():
    def unwrap(x):
        return x._value_ if hasattr(x, '_value_') else x
    methods = {}
    methods['__eq__'] = lambda self, other: self._value_ == unwrap(other)
    methods['__ne__'] = lambda self, other: self._value_ != unwrap(other)
    methods['__hash__'] = lambda self: hash(self._value_)
    methods['__str__'] = lambda self: self._value_
    methods['__format__'] = lambda self, spec: format(self._value_, spec)
    methods['__lt__'] = lambda self, other: self._value_ < unwrap(other)
    methods['__add__'] = lambda self, other: self._value_ + unwrap(other)
    methods['__radd__'] = lambda self, other: unwrap(other) + self._value_
    methods['__len__'] = lambda self: len(self._value_)
    methods['__getattr__'] = lambda self, name: getattr(self._value_, name)
    return methods


def _flag_methods(int_like):
    def unwrap(x):
        return x._value_ if hasattr(x, '_value_') else x

    def combine(op):
        def f(self, other):
            return self._enum_(op(self._value_, unwrap(other)))
        return f
    methods = {}
    methods['__or__'] = combine(lambda a, b: a | b)
    methods['__and__'] = combine(lambda a, b: a & b)
    methods['__xor__'] = combine(lambda a, b: a ^ b)
    methods['__ror__'] = methods['__or__']
    methods['__rand__'] = methods['__and__']
    methods['__contains__'] = lambda self, other: unwrap(other) & self._value_ == unwrap(other)
    methods['__bool__'] = lambda self: bool(self._value_)
    methods['__eq__'] = lambda self, other: getattr(other, '_enum_', None) is self._enum_ and self._value_ == other._value_ or (int_like and self._value_ == other)
    methods['__ne__'] = lambda self, other: not methods['__eq__'](self, other)
    methods['__hash__'] = lambda self: hash(self._value_)
    methods['__iter__'] = lambda self: iter([m for m in self._enum_._member_list_ if m._value_ and m._value_ & self._value_ == m._value_ and _single_bit(m._value_)])
    methods['__invert__'] = lambda self: self._enum_(sum(m._value_ for m in self._enum_._member_list_ if _single_bit(m._value_)) & ~self._value_)
    return methods


def _single_bit(v):
    return v & (v - 1) == 0


def _build(kind, name, bases, ns):
    global _INT_METHODS
    body = {}
    for k, v in _Member.__dict__.items():
        if not k.startswith('__') or k in ('__repr__', '__str__', '__format__', '__hash__', '__eq__', '__ne__', '__bool__', '__reduce_ex__'):
            body[k] = v
    parents = []
    for b in bases:
        if isinstance(b, EnumType):
            parents.append(b)
    for p in parents:
        if p._member_list_:
            raise TypeError('%s: cannot extend %r' % (name, p))
        for k, v in p.__dict__.items():
            if k not in ('_member_list_', '_member_map_', '_value2member_map_'):
                body[k] = v
        kind = p._kind_ if kind == 'Enum' else kind
    if kind in ('IntEnum', 'IntFlag'):
        if _INT_METHODS is None:
            _INT_METHODS = _int_methods()
        body.update(_INT_METHODS)
    if kind == 'StrEnum':
        body.update(_str_methods())
    if kind in ('Flag', 'IntFlag'):
        body.update(_flag_methods(kind == 'IntFlag'))
    members = []
    for k, v in ns.items():
        if k.startswith('_') or callable(v) and not isinstance(v, auto) or isinstance(v, (property, classmethod, staticmethod)):
            if not (k.startswith('_') and k in ('_missing_', '_generate_next_value_', '_ignore_')):
                body[k] = v
            elif k != '_ignore_':
                body[k] = v
            continue
        members.append((k, v))
    # MicroPython's dicts keep no insertion order: auto() objects remember their creation order, and the
    # other members are ordered by the source of the class body when it can be read.
    order = _source_order(name, ns, [k for k, _ in members])
    if order:
        rank = {}
        for i, n in enumerate(order):
            rank[n] = i
        members.sort(key=lambda kv: rank.get(kv[0], len(rank) + (kv[1]._order if isinstance(kv[1], auto) else 0)))
    elif all(isinstance(v, auto) for _, v in members):
        members.sort(key=lambda kv: kv[1]._order)
    body['_kind_'] = kind
    cls = EnumType(name, (), body)
    cls._member_list_ = []
    cls._member_map_ = {}
    gen = ns.get('_generate_next_value_')
    last = []
    for k, v in members:
        if isinstance(v, auto):
            if gen is not None:
                v = gen(k, 1, len(last), list(last))
            elif kind == 'StrEnum':
                v = k.lower()
            elif kind in ('Flag', 'IntFlag'):
                v = 1
                while last and v <= max(last):
                    v <<= 1
            else:
                v = (max(x for x in last if isinstance(x, int)) + 1) if any(isinstance(x, int) for x in last) else 1
        # Members are made by calling the class the ordinary way: EnumType.__call__ (the lookup by value) is
        # taken off for that moment. MicroPython runs one thread, so no other enum call can see it missing.
        del EnumType.__call__
        try:
            if '__init__' not in ns:
                m = cls()
            elif isinstance(v, tuple):
                m = cls(*v)
            else:
                m = cls(v)
        finally:
            EnumType.__call__ = _lookup
        last.append(v)
        existing = None
        for other in cls._member_list_:
            if other._value_ == v:
                existing = other
                break
        if existing is not None:
            # An alias: the name refers to the first member with this value.
            cls._member_map_[k] = existing
            setattr(cls, k, existing)
            continue
        m._name_ = k
        m._value_ = v
        m._enum_ = cls
        cls._member_list_.append(m)
        cls._member_map_[k] = m
        setattr(cls, k, m)
    return cls


def _source_order(name, ns, member_names):
    try:
        import _classbody
    except ImportError:
        return None
    text = _classbody._source(ns.get('__module__', '__main__'))
    if text is None:
        return None
    lines = text.split('\n')
    for idx in _classbody.class_statements(lines, name):
        names = []
        for logical in _classbody.body_statements(lines, idx):
            eq = _classbody._top_level_equals(logical)
            if eq > 0:
                target = logical[:eq].split(':')[0].strip()
                if _classbody._is_name(target):
                    names.append(target)
        if all(k in names for k in member_names):
            return names
    return None


class _EnumBase:
    def __call__(self, *args, **kwargs):
        # Enum(name, bases, namespace) from a class statement, or the functional API Enum('Color', 'RED GREEN').
        if len(args) == 3 and isinstance(args[2], dict):
            return _build(self._kind, args[0], args[1], args[2])
        name, names = args[0], args[1] if len(args) > 1 else kwargs['names']
        if isinstance(names, str):
            names = names.replace(',', ' ').split()
        ns = {}
        order = []
        if names and isinstance(names[0], str):
            for i, n in enumerate(names):
                ns[n] = i + kwargs.get('start', 1)
                order.append(n)
        else:
            items = names.items() if isinstance(names, dict) else names
            for n, v in items:
                ns[n] = v
                order.append(n)
        cls = _build(self._kind, name, (), ns)
        rank = {}
        for i, n in enumerate(order):
            rank[n] = i
        cls._member_list_.sort(key=lambda m: rank[m._name_])
        return cls

    def __repr__(self):
        return "<enum '%s'>" % self._kind

    def __instancecheck__(self, obj):
        return isinstance(type(obj), EnumType)


def _kind(k):
    # Each kind is an instance of its own subclass of _EnumBase: a class statement calls type(base)(...).
    cls = type(k + 'Base', (_EnumBase,), {
        '__new__': lambda c, *a, **kw: _dispatch(c, k, a, kw),
    })
    return cls


def _dispatch(c, kind, args, kwargs):
    if len(args) == 1 and args[0] == kind and not kwargs:
        obj = object.__new__(c)
        obj._kind = kind
        return obj
    return _EnumBase.__call__(_KINDS[kind], *args, **kwargs)


_KINDS = {}
for _k in ('Enum', 'IntEnum', 'StrEnum', 'Flag', 'IntFlag'):
    _KINDS[_k] = _kind(_k)(_k)
Enum = _KINDS['Enum']
IntEnum = _KINDS['IntEnum']
StrEnum = _KINDS['StrEnum']
Flag = _KINDS['Flag']
IntFlag = _KINDS['IntFlag']
ReprEnum = Enum
del _k


def unique(cls):
    seen = {}
    for name, m in cls._member_map_.items():
        if m._name_ != name:
            raise ValueError('duplicate values found in %r: %s -> %s' % (cls, name, m._name_))
    return cls


def verify(*checks):
    return lambda cls: cls


def member(v):
    return v


def nonmember(v):
    return v
