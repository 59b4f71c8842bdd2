# collections.abc for MicroPython.Sandbox: the abstract classes as names to subclass, annotate and test with
# isinstance() (by the methods an object has, as CPython's __subclasshook__ does for most of them).


class _ABC:
    _methods = ()

    def __init_subclass__(cls, **kwargs):
        pass


def _make(name, methods, bases=(object,)):
    return type(name, bases, {'_methods': methods})


Hashable = _make('Hashable', ('__hash__',))
Awaitable = _make('Awaitable', ('__await__',))
Coroutine = _make('Coroutine', ('send', 'throw', 'close'))
AsyncIterable = _make('AsyncIterable', ('__aiter__',))
AsyncIterator = _make('AsyncIterator', ('__anext__',))
AsyncGenerator = _make('AsyncGenerator', ('asend',))
Iterable = _make('Iterable', ('__iter__',))
Iterator = _make('Iterator', ('__next__',), (Iterable,))
Reversible = _make('Reversible', ('__reversed__',), (Iterable,))
Generator = _make('Generator', ('send', 'throw'), (Iterator,))
Sized = _make('Sized', ('__len__',))
Container = _make('Container', ('__contains__',))
Callable = _make('Callable', ('__call__',))
Collection = _make('Collection', ('__len__', '__iter__', '__contains__'), (Sized, Iterable, Container))
Set = _make('Set', ('__len__', '__iter__', '__contains__'), (Collection,))
MutableSet = _make('MutableSet', ('add', 'discard'), (Set,))
Mapping = _make('Mapping', ('__getitem__', '__len__', '__iter__'), (Collection,))
MutableMapping = _make('MutableMapping', ('__setitem__', '__delitem__'), (Mapping,))
MappingView = _make('MappingView', ('__len__',), (Sized,))
KeysView = _make('KeysView', ('__len__',), (MappingView,))
ItemsView = _make('ItemsView', ('__len__',), (MappingView,))
ValuesView = _make('ValuesView', ('__len__',), (MappingView,))
Sequence = _make('Sequence', ('__getitem__', '__len__'), (Reversible, Collection))
MutableSequence = _make('MutableSequence', ('__setitem__', '__delitem__', 'insert'), (Sequence,))
ByteString = _make('ByteString', ('__getitem__', '__len__'), (Sequence,))
Buffer = _make('Buffer', ())
