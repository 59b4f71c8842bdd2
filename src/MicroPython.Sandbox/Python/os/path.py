# os.path for MicroPython.Sandbox (posix paths).
import os as _os

sep = '/'
curdir = '.'
pardir = '..'
extsep = '.'


def _stat(p):
    try:
        return _os.stat(p)
    except OSError:
        return None


def normcase(s):
    return s


def isabs(s):
    return s.startswith('/')


def join(a, *p):
    path = a
    for b in p:
        if b.startswith('/'):
            path = b
        elif not path or path.endswith('/'):
            path += b
        else:
            path += '/' + b
    return path


def split(p):
    i = p.rfind('/') + 1
    head, tail = p[:i], p[i:]
    if head and head != '/' * len(head):
        head = head.rstrip('/')
    return head, tail


def splitext(p):
    slash = p.rfind('/')
    dot = p.rfind('.')
    if dot > slash:
        i = slash + 1
        while i < dot:
            if p[i] != '.':
                return p[:dot], p[dot:]
            i += 1
    return p, ''


def splitdrive(p):
    return '', p


def basename(p):
    return p[p.rfind('/') + 1:]


def dirname(p):
    return split(p)[0]


def exists(p):
    return _stat(p) is not None


lexists = exists


def isdir(p):
    s = _stat(p)
    return s is not None and s[0] & 0o170000 == 0o040000


def isfile(p):
    s = _stat(p)
    return s is not None and s[0] & 0o170000 == 0o100000


def islink(p):
    return False


def ismount(p):
    return p == '/'


def getsize(p):
    return _os.stat(p)[6]


def getmtime(p):
    return _os.stat(p)[8]


getatime = getmtime
getctime = getmtime


def normpath(path):
    if not path:
        return '.'
    initial = 2 if path.startswith('//') and not path.startswith('///') else 1 if path.startswith('/') else 0
    comps = []
    for comp in path.split('/'):
        if comp in ('', '.'):
            continue
        if comp != '..' or (not initial and not comps) or (comps and comps[-1] == '..'):
            comps.append(comp)
        elif comps:
            comps.pop()
    path = '/'.join(comps)
    if initial:
        path = '/' * initial + path
    return path or '.'


def abspath(path):
    if not isabs(path):
        path = join(_os.getcwd(), path)
    return normpath(path)


realpath = abspath


def relpath(path, start=None):
    start = abspath(start or _os.getcwd())
    path = abspath(path)
    s = [x for x in start.split('/') if x]
    p = [x for x in path.split('/') if x]
    i = 0
    while i < len(s) and i < len(p) and s[i] == p[i]:
        i += 1
    parts = ['..'] * (len(s) - i) + p[i:]
    return '/'.join(parts) if parts else '.'


def expanduser(path):
    return path


def expandvars(path):
    return path


def commonprefix(m):
    if not m:
        return ''
    s1 = min(m)
    s2 = max(m)
    for i, c in enumerate(s1):
        if c != s2[i]:
            return s1[:i]
    return s1


def commonpath(paths):
    split_paths = [[c for c in p.split('/') if c and c != '.'] for p in paths]
    common = split_paths[0]
    for sp in split_paths[1:]:
        i = 0
        while i < len(common) and i < len(sp) and common[i] == sp[i]:
            i += 1
        common = common[:i]
    prefix = '/' if paths[0].startswith('/') else ''
    return prefix + '/'.join(common)
