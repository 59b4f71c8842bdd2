# dataclasses for MicroPython.Sandbox. Fields come from the class body's source (see _classbody), since
# MicroPython keeps no class annotations; generated methods are closures rather than exec'd source.
import _classbody

__all__ = ['dataclass', 'field', 'Field', 'fields', 'asdict', 'astuple', 'replace', 'is_dataclass',
           'FrozenInstanceError', 'InitVar', 'MISSING', 'KW_ONLY', 'make_dataclass']


class _Missing:
    def __repr__(self):
        return 'MISSING'


MISSING = _Missing()


class _KwOnly:
    pass


KW_ONLY = _KwOnly()


class FrozenInstanceError(AttributeError):
    pass


class InitVar:
    def __init__(self, type=None):
        self.type = type

    def __getitem__(self, t):
        return InitVar(t)


InitVar = InitVar()


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = metadata if metadata is not None else {}
        self.kw_only = kw_only
        self._kind = 'field'

    def __repr__(self):
        return 'Field(name=%r,type=%r,default=%r,default_factory=%r,init=%r,repr=%r,hash=%r,compare=%r,metadata=%r,kw_only=%r)' % (
            self.name, self.type, self.default, self.default_factory, self.init, self.repr, self.hash,
            self.compare, self.metadata, self.kw_only)


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, hash=None, compare=True,
          metadata=None, kw_only=MISSING):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError('cannot specify both default and default_factory')
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


_FIELDS = '__dataclass_fields__'
_PARAMS = '__dataclass_params__'
# MicroPython's dicts do not keep insertion order: the fields in order are kept in a tuple as well.
_ORDER = '__mpsandbox_field_order__'


def _is_classvar(annotation):
    return annotation.startswith('ClassVar') or annotation.startswith('typing.ClassVar')


def _is_initvar(annotation):
    return annotation.startswith('InitVar') or annotation.startswith('dataclasses.InitVar')


def _own_fields(cls, kw_only_default):
    found = _classbody.annotations(cls)
    result = []
    kw_only = kw_only_default
    if found is None:
        # No source: every public non-callable class attribute is taken as a field with a default.
        found = [(n, '', True) for n, v in cls.__dict__.items()
                 if not n.startswith('__') and not callable(v) and not isinstance(v, (property, classmethod, staticmethod))]
    for name, annotation, has_value in found:
        if _is_classvar(annotation):
            continue
        if annotation == 'KW_ONLY' or annotation == 'dataclasses.KW_ONLY':
            kw_only = True
            continue
        value = cls.__dict__.get(name, MISSING) if has_value else MISSING
        if isinstance(value, Field):
            f = value
            if f.default is MISSING:
                try:
                    delattr(cls, name)
                except AttributeError:
                    pass
            else:
                setattr(cls, name, f.default)
        else:
            f = field(default=value)
        f.name = name
        f.type = annotation
        if f.kw_only is MISSING:
            f.kw_only = kw_only
        if _is_initvar(annotation):
            f._kind = 'initvar'
        result.append(f)
    return result


def _all_fields(cls, kw_only_default):
    merged = {}
    order = []
    for base in reversed(_bases(cls)):
        for f in getattr(base, _ORDER, ()):
            if f.name not in merged:
                order.append(f.name)
            merged[f.name] = f
    for f in _own_fields(cls, kw_only_default):
        if f.name not in merged:
            order.append(f.name)
        merged[f.name] = f
    return [merged[n] for n in order]


def _bases(cls):
    # The base classes nearest first (depth first, left to right): MicroPython has no __mro__.
    out = []
    todo = list(cls.__bases__)
    while todo:
        b = todo.pop(0)
        if b is object or b in out:
            continue
        out.append(b)
        todo[0:0] = list(b.__bases__)
    return out


def _values(obj, fields):
    return tuple(getattr(obj, f.name) for f in fields)


def _make_init(cls, fields, frozen, has_post_init):
    init_fields = [f for f in fields if f.init]
    positional = [f for f in init_fields if not f.kw_only]
    keyword = [f for f in init_fields if f.kw_only]
    seen_default = False
    for f in positional:
        if f.default is not MISSING or f.default_factory is not MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError("non-default argument '%s' follows default argument" % f.name)
    names = [f.name for f in init_fields]
    qual = cls.__name__

    def __init__(self, *args, **kwargs):
        if len(args) > len(positional):
            raise TypeError('%s.__init__() takes %d positional arguments but %d were given' % (
                qual, len(positional) + 1, len(args) + 1))
        values = {}
        for f, a in zip(positional, args):
            values[f.name] = a
        for k, v in kwargs.items():
            if k not in names:
                raise TypeError("%s.__init__() got an unexpected keyword argument '%s'" % (qual, k))
            if k in values:
                raise TypeError("%s.__init__() got multiple values for argument '%s'" % (qual, k))
            values[k] = v
        missing = [f.name for f in init_fields if f.name not in values and f.default is MISSING and f.default_factory is MISSING]
        if missing:
            if len(missing) == 1:
                raise TypeError("%s.__init__() missing 1 required positional argument: '%s'" % (qual, missing[0]))
            raise TypeError('%s.__init__() missing %d required positional arguments: %s' % (
                qual, len(missing), ', '.join("'%s'" % m for m in missing[:-1]) + " and '%s'" % missing[-1]))
        initvars = []
        for f in fields:
            if f.name in values:
                v = values[f.name]
            elif f.default_factory is not MISSING:
                v = f.default_factory()
            elif f.default is not MISSING:
                v = f.default
            else:
                continue
            if f._kind == 'initvar':
                initvars.append(v)
                continue
            if frozen:
                object.__setattr__(self, f.name, v)
            else:
                setattr(self, f.name, v)
        if has_post_init:
            self.__post_init__(*initvars)

    return __init__


def _process(cls, init, repr, eq, order, unsafe_hash, frozen, kw_only):
    fields = _all_fields(cls, kw_only)
    fmap = {}
    for f in fields:
        fmap[f.name] = f
    setattr(cls, _FIELDS, fmap)
    setattr(cls, _ORDER, tuple(fields))
    setattr(cls, _PARAMS, (init, repr, eq, order, unsafe_hash, frozen))
    data = [f for f in fields if f._kind == 'field']
    own = cls.__dict__
    if init and '__init__' not in own:
        cls.__init__ = _make_init(cls, fields, frozen, hasattr(cls, '__post_init__'))
    if repr and '__repr__' not in own:
        shown = [f for f in data if f.repr]

        def __repr__(self):
            return '%s(%s)' % (type(self).__name__, ', '.join('%s=%r' % (f.name, getattr(self, f.name)) for f in shown))
        cls.__repr__ = __repr__
    compared = [f for f in data if f.compare]
    if eq and '__eq__' not in own:
        def __eq__(self, other):
            if other.__class__ is not self.__class__:
                return NotImplemented
            return _values(self, compared) == _values(other, compared)
        cls.__eq__ = __eq__

        def __ne__(self, other):
            r = self.__eq__(other)
            return r if r is NotImplemented else not r
        cls.__ne__ = __ne__
    if order:
        def make(op):
            def compare(self, other):
                if other.__class__ is not self.__class__:
                    return NotImplemented
                return op(_values(self, compared), _values(other, compared))
            return compare
        cls.__lt__ = make(lambda a, b: a < b)
        cls.__le__ = make(lambda a, b: a <= b)
        cls.__gt__ = make(lambda a, b: a > b)
        cls.__ge__ = make(lambda a, b: a >= b)
    hashed = [f for f in data if (f.compare if f.hash is None else f.hash)]
    if unsafe_hash or (eq and frozen):
        def __hash__(self):
            return hash(_values(self, hashed))
        cls.__hash__ = __hash__
    elif eq and '__hash__' not in own:
        cls.__hash__ = None
    if frozen:
        def __setattr__(self, name, value):
            raise FrozenInstanceError("cannot assign to field '%s'" % name)

        def __delattr__(self, name):
            raise FrozenInstanceError("cannot delete field '%s'" % name)
        cls.__setattr__ = __setattr__
        cls.__delattr__ = __delattr__
    cls.__match_args__ = tuple(f.name for f in data if f.init)
    return cls


def dataclass(cls=None, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False, frozen=False,
              match_args=True, kw_only=False, slots=False, weakref_slot=False):
    def wrap(cls):
        return _process(cls, init, repr, eq, order, unsafe_hash, frozen, kw_only)
    if cls is None:
        return wrap
    return wrap(cls)


def fields(class_or_instance):
    try:
        order = getattr(class_or_instance, _ORDER)
    except AttributeError:
        raise TypeError('must be called with a dataclass type or instance') from None
    return tuple(f for f in order if f._kind == 'field')


def is_dataclass(obj):
    return hasattr(obj, _FIELDS)


def _copy_value(v, convert, factory):
    if hasattr(type(v), _FIELDS):
        return convert(v, factory)
    if isinstance(v, tuple) and hasattr(v, '_fields'):
        return type(v)(*[_copy_value(x, convert, factory) for x in v])
    if isinstance(v, (list, tuple)):
        return type(v)(_copy_value(x, convert, factory) for x in v)
    if isinstance(v, dict):
        d = type(v)() if type(v) is not dict else _ordered_dict(())
        for k, x in v.items():
            d[_copy_value(k, convert, factory)] = _copy_value(x, convert, factory)
        return d
    try:
        import copy
        return copy.deepcopy(v)
    except Exception:
        return v


def _asdict(obj, dict_factory):
    return dict_factory([(f.name, _copy_value(getattr(obj, f.name), _asdict, dict_factory)) for f in fields(obj)])


def _ordered_dict(items):
    from collections import _dict
    d = _dict()
    for k, v in items:
        d[k] = v
    return d


def asdict(obj, *, dict_factory=_ordered_dict):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError('asdict() should be called on dataclass instances')
    return _asdict(obj, dict_factory)


def _astuple(obj, tuple_factory):
    return tuple_factory([_copy_value(getattr(obj, f.name), _astuple, tuple_factory) for f in fields(obj)])


def astuple(obj, *, tuple_factory=tuple):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError('astuple() should be called on dataclass instances')
    return _astuple(obj, tuple_factory)


def replace(obj, **changes):
    for f in getattr(obj, _ORDER):
        if f._kind == 'field' and f.init and f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def make_dataclass(cls_name, fields, *, bases=(), namespace=None, **kwargs):
    ns = dict(namespace or {})
    spec = []
    for item in fields:
        if isinstance(item, str):
            spec.append((item, 'Any', False))
        else:
            name = item[0]
            annotation = item[1] if len(item) > 1 else 'Any'
            if len(item) > 2:
                ns[name] = item[2]
            spec.append((name, getattr(annotation, '__name__', str(annotation)), len(item) > 2))
    ns['__mpsandbox_fields__'] = spec
    cls = type(cls_name, bases or (object,), ns)
    return dataclass(cls, **kwargs)
