# contextlib for MicroPython.Sandbox.


class _GeneratorContextManager:
    def __init__(self, func, args, kwargs):
        self._gen = func(*args, **kwargs)

    def __enter__(self):
        try:
            return next(self._gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield") from None

    def __exit__(self, typ, value, traceback):
        if typ is None:
            try:
                next(self._gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        if value is None:
            value = typ()
        try:
            self._gen.throw(value)
        except StopIteration as exc:
            return exc is not value
        except BaseException as exc:
            if exc is value:
                return False
            raise
        raise RuntimeError("generator didn't stop after throw()")

    def __call__(self, func):
        outer = self

        def inner(*args, **kwargs):
            with outer:
                return func(*args, **kwargs)
        return inner


class _Factory:
    def __init__(self, func):
        self._func = func
        self.__name__ = getattr(func, '__name__', 'contextmanager')

    def __call__(self, *args, **kwargs):
        return _GeneratorContextManager(self._func, args, kwargs)

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        func = self._func
        return lambda *args, **kwargs: _GeneratorContextManager(func, (obj,) + args, kwargs)


def contextmanager(func):
    return _Factory(func)


class AbstractContextManager:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        return None


class ContextDecorator:
    def __call__(self, func):
        def inner(*args, **kwargs):
            with self:
                return func(*args, **kwargs)
        return inner


class closing(AbstractContextManager):
    def __init__(self, thing):
        self.thing = thing

    def __enter__(self):
        return self.thing

    def __exit__(self, *exc_info):
        self.thing.close()


class nullcontext(AbstractContextManager):
    def __init__(self, enter_result=None):
        self.enter_result = enter_result

    def __enter__(self):
        return self.enter_result

    def __exit__(self, *excinfo):
        pass


class suppress(AbstractContextManager):
    def __init__(self, *exceptions):
        self._exceptions = exceptions

    def __enter__(self):
        pass

    def __exit__(self, exctype, excinst, exctb):
        return exctype is not None and issubclass(exctype, self._exceptions)


class redirect_stdout(AbstractContextManager):
    def __init__(self, new_target):
        self._new_target = new_target

    def __enter__(self):
        import sys
        self._old = sys.stdout
        try:
            sys.stdout = self._new_target
        except (AttributeError, TypeError):
            raise NotImplementedError('sys.stdout cannot be replaced in this Python') from None
        return self._new_target

    def __exit__(self, *exc):
        import sys
        sys.stdout = self._old


class ExitStack(AbstractContextManager):
    def __init__(self):
        self._callbacks = []

    def enter_context(self, cm):
        result = cm.__enter__()
        self._callbacks.append(lambda *exc: cm.__exit__(*exc))
        return result

    def callback(self, func, *args, **kwargs):
        self._callbacks.append(lambda *exc: func(*args, **kwargs))
        return func

    def push(self, exit):
        self._callbacks.append(exit.__exit__ if hasattr(exit, '__exit__') else exit)
        return exit

    def pop_all(self):
        new = ExitStack()
        new._callbacks = self._callbacks
        self._callbacks = []
        return new

    def close(self):
        self.__exit__(None, None, None)

    def __exit__(self, *exc_details):
        received = exc_details[0] is not None
        suppressed = False
        pending = None
        while self._callbacks:
            cb = self._callbacks.pop()
            try:
                if cb(*exc_details):
                    suppressed = True
                    exc_details = (None, None, None)
            except BaseException as e:
                exc_details = (type(e), e, None)
                pending = e
        if pending is not None:
            raise pending
        return received and suppressed
