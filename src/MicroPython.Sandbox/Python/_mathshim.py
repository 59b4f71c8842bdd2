# Loaded at start-up: puts a module named math in sys.modules holding MicroPython's built-in math
# functions, which loads CPython's other math functions (_mathx) the first time one is used.
import sys

_builtin = __import__('math')
globals().update(_builtin.__dict__)
del _builtin, __file__


def __getattr__(name):
    import _mathx
    try:
        value = getattr(_mathx, name)
    except AttributeError:
        raise AttributeError("module 'math' has no attribute '%s'" % name) from None
    globals()[name] = value
    return value


sys.modules['math'] = sys.modules.pop('_mathshim')
del sys
