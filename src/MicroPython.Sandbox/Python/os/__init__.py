# os for MicroPython.Sandbox: MicroPython's built-in os, its errors raised as CPython's OSError subclasses
# (FileNotFoundError, ...), and CPython's makedirs, walk, scandir, linesep and friends.
import sys as _sys
import _builtin

_os = _builtin.load('os')
del _builtin
# Set up at start-up: maps an OSError from the interpreter to CPython's subclass for its errno.
_map = _sys.modules['_mpsandbox']

name = 'posix'
sep = '/'
altsep = None
extsep = '.'
pathsep = ':'
linesep = '\n'
curdir = '.'
pardir = '..'
defpath = '/bin:/usr/bin'
devnull = '/dev/null'


def _wrap(f):
    def call(path, *args):
        try:
            return f(path, *args)
        except OSError as e:
            err = _map(e, path)
        raise err
    return call


listdir_ = _os.listdir


def listdir(path='.'):
    try:
        return _os.listdir(path)
    except OSError as e:
        err = _map(e, path)
    raise err


mkdir = _wrap(_os.mkdir)
rmdir = _wrap(_os.rmdir)
remove = _wrap(_os.remove)
unlink = _wrap(_os.unlink)
chdir = _wrap(_os.chdir)
stat = _wrap(_os.stat)
lstat = stat
ilistdir = _os.ilistdir
getcwd = _os.getcwd
statvfs = _os.statvfs
VfsPosix = getattr(_os, 'VfsPosix', None)


def getcwdb():
    return getcwd().encode()


def rename(src, dst):
    try:
        return _os.rename(src, dst)
    except OSError as e:
        err = _map(e, src)
    raise err


replace = rename


def mkdir_p(path):
    makedirs(path, exist_ok=True)


def makedirs(name, mode=0o777, exist_ok=False):
    from os import path as p
    head, tail = p.split(name)
    if not tail:
        head, tail = p.split(head)
    if head and tail and not p.exists(head):
        makedirs(head, exist_ok=exist_ok)
    try:
        mkdir(name)
    except OSError:
        if not exist_ok or not p.isdir(name):
            raise


def removedirs(name):
    from os import path as p
    rmdir(name)
    head, tail = p.split(name)
    while head and tail:
        try:
            rmdir(head)
        except OSError:
            break
        head, tail = p.split(head)


class stat_result(tuple):
    def __init__(self, values):
        super().__init__(values)

    st_mode = property(lambda s: s[0])
    st_ino = property(lambda s: s[1])
    st_dev = property(lambda s: s[2])
    st_nlink = property(lambda s: s[3])
    st_uid = property(lambda s: s[4])
    st_gid = property(lambda s: s[5])
    st_size = property(lambda s: s[6])
    st_atime = property(lambda s: s[7])
    st_mtime = property(lambda s: s[8])
    st_ctime = property(lambda s: s[9])


class DirEntry:
    def __init__(self, directory, name, kind):
        self.name = name
        self.path = name if directory in ('', '.') else (directory.rstrip('/') + '/' + name)
        self._kind = kind

    def is_dir(self, follow_symlinks=True):
        return self._kind == 0x4000

    def is_file(self, follow_symlinks=True):
        return self._kind == 0x8000

    def is_symlink(self):
        return False

    def stat(self, follow_symlinks=True):
        return stat_result(stat(self.path))

    def __repr__(self):
        return '<DirEntry %r>' % self.name


class _Scandir:
    def __init__(self, path):
        try:
            self._entries = [DirEntry(path, e[0], e[1]) for e in _os.ilistdir(path)]
        except OSError as e:
            err = _map(e, path)
            raise err

    def __iter__(self):
        return iter(self._entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def close(self):
        pass


def scandir(path='.'):
    return _Scandir(path)


def walk(top, topdown=True, onerror=None, followlinks=False):
    # Iterative, so deep trees need no Python stack.
    pending = [(top, None)]
    while pending:
        item = pending.pop()
        if item[1] is not None:
            yield item[1]
            continue
        path = item[0]
        try:
            entries = list(scandir(path))
        except OSError as e:
            if onerror is not None:
                onerror(e)
            continue
        dirs = sorted(e.name for e in entries if e.is_dir())
        files = sorted(e.name for e in entries if not e.is_dir())
        here = (path, dirs, files)
        if topdown:
            yield here
            for d in reversed(dirs):
                pending.append((path.rstrip('/') + '/' + d if path != '' else d, None))
        else:
            pending.append((path, here))
            for d in reversed(dirs):
                pending.append((path.rstrip('/') + '/' + d if path != '' else d, None))


def fspath(path):
    if isinstance(path, (str, bytes)):
        return path
    f = getattr(path, '__fspath__', None)
    if f is None:
        raise TypeError('expected str, bytes or os.PathLike object, not ' + type(path).__name__)
    return f()


def getpid():
    return 1


def cpu_count():
    return 1


def urandom(n):
    import random
    return bytes(random.getrandbits(8) for _ in range(n))


def get_terminal_size(fd=1):
    return terminal_size((80, 24))


class terminal_size(tuple):
    def __init__(self, values):
        super().__init__(values)

    columns = property(lambda s: s[0])
    lines = property(lambda s: s[1])


from os import path
