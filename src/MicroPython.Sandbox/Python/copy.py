# copy for MicroPython.Sandbox: shallow and deep copies of built-in containers and of instances
# (through __copy__/__deepcopy__, or by copying the instance's attributes).

__all__ = ['Error', 'copy', 'deepcopy']


class Error(Exception):
    pass


error = Error

_atomic = (type(None), int, float, bool, complex, str, bytes, type, range, type(len), type(lambda: 0), type(Ellipsis))


def _new_like(x):
    cls = type(x)
    obj = object.__new__(cls)
    return obj


def _instance_state(x):
    try:
        return x.__dict__
    except AttributeError:
        return None


def copy(x):
    cls = type(x)
    if isinstance(x, _atomic) and cls in _atomic:
        return x
    if cls is list:
        return x[:]
    if cls is dict:
        return x.copy()
    if cls is set:
        return x.copy()
    if cls in (tuple, frozenset):
        return x
    if cls is bytearray:
        return bytearray(x)
    c = getattr(x, '__copy__', None)
    if c is not None:
        return c()
    if isinstance(x, (list, dict, set, tuple)):
        return _rebuild(x, lambda v: v)
    state = _instance_state(x)
    if state is None:
        raise Error('un(shallow)copyable object of type %s' % cls)
    y = _new_like(x)
    for k, v in state.items():
        setattr(y, k, v)
    return y


def _rebuild(x, f):
    cls = type(x)
    if isinstance(x, tuple):
        if hasattr(x, '_fields'):
            return cls(*[f(v) for v in x])
        return cls(f(v) for v in x)
    if isinstance(x, dict):
        try:
            y = cls()
        except TypeError:
            y = {}
        if hasattr(x, 'default_factory'):
            y.default_factory = x.default_factory
        for k, v in x.items():
            y[f(k)] = f(v)
        return y
    if isinstance(x, set):
        return cls(f(v) for v in x)
    return cls([f(v) for v in x])


def deepcopy(x, memo=None):
    if memo is None:
        memo = {}
    d = id(x)
    if d in memo:
        return memo[d]
    cls = type(x)
    if cls in _atomic:
        return x
    if cls is list:
        y = []
        memo[d] = y
        for v in x:
            y.append(deepcopy(v, memo))
        return y
    if cls is dict:
        y = {}
        memo[d] = y
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
        return y
    if cls is tuple:
        y = tuple(deepcopy(v, memo) for v in x)
        for a, b in zip(x, y):
            if a is not b:
                break
        else:
            y = x
        memo[d] = y
        return y
    if cls in (set, frozenset):
        y = cls(deepcopy(v, memo) for v in x)
        memo[d] = y
        return y
    if cls is bytearray:
        return bytearray(x)
    c = getattr(x, '__deepcopy__', None)
    if c is not None:
        y = c(memo)
        memo[d] = y
        return y
    if getattr(x, '_enum_', None) is not None or isinstance(x, type):
        return x
    if isinstance(x, (list, dict, set, tuple)):
        y = _rebuild(x, lambda v: deepcopy(v, memo))
        memo[d] = y
        return y
    if hasattr(x, '_items') and hasattr(x, 'maxlen'):
        y = type(x)([deepcopy(v, memo) for v in x], x.maxlen)
        memo[d] = y
        return y
    state = _instance_state(x)
    if state is None:
        raise Error('un(deep)copyable object of type %s' % cls)
    y = _new_like(x)
    memo[d] = y
    for k, v in state.items():
        object.__setattr__(y, k, deepcopy(v, memo)) if hasattr(cls, '__dataclass_params__') else setattr(y, k, deepcopy(v, memo))
    return y


def replace(obj, **changes):
    import dataclasses
    return dataclasses.replace(obj, **changes)
