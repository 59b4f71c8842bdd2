# abc for MicroPython.Sandbox. Functions take no attributes here, so abstract methods are remembered in a
# registry; instantiating a class that still has one raises TypeError as CPython does.

_abstract = set()


def abstractmethod(funcobj):
    _abstract.add(id(_unwrap(funcobj)))
    _keep.append(funcobj)
    return funcobj


_keep = []


def _unwrap(f):
    for attr in ('fget', '__func__', 'func'):
        inner = getattr(f, attr, None)
        if inner is not None:
            return inner
    return f


def _is_abstract(value):
    return id(_unwrap(value)) in _abstract or id(value) in _abstract


def _mro(cls):
    out = [cls]
    todo = list(cls.__bases__)
    while todo:
        b = todo.pop(0)
        if b not in out and b is not object:
            out.append(b)
            todo[0:0] = list(b.__bases__)
    return out


def _abstract_names(cls):
    names = []
    seen = set()
    for klass in _mro(cls):
        for name, value in klass.__dict__.items():
            if name in seen:
                continue
            seen.add(name)
            if _is_abstract(value):
                names.append(name)
    return sorted(names)


class ABC:
    __slots__ = ()

    def __new__(cls, *args, **kwargs):
        names = _abstract_names(cls)
        if names:
            raise TypeError("Can't instantiate abstract class %s with abstract method%s %s" % (
                cls.__name__, 's' if len(names) > 1 else '', ', '.join(names)))
        return object.__new__(cls)


class ABCMeta(type):
    def register(cls, subclass):
        return subclass


def abstractproperty(f):
    return property(abstractmethod(f))


def abstractclassmethod(f):
    return classmethod(abstractmethod(f))


def abstractstaticmethod(f):
    return staticmethod(abstractmethod(f))


def get_cache_token():
    return 0


def update_abstractmethods(cls):
    return cls
