# Big values for MicroPython's json encoder: json.dumps and the session bridge both write through dumps here.
# MicroPython's encoder grows its output a little at a time (quadratic: 1 MB of text takes seconds), so a big
# value is written in pieces and joined, which keeps the time linear in its size.


def dumps(o, _d, _b=32768, _n=256, _s=1024):
    # MicroPython's json.dumps grows its output a little at a time (quadratic: 1 MB of text takes seconds), so
    # a big value is written in pieces and joined, which keeps the time linear in its size; a small one (the
    # common case, up to _b elements: well under a second) goes to it whole, with no extra garbage.
    if _fsize(o, _b) >= 0:
        return _d(o)
    t = type(o)
    if t is str:
        # Sliced as UTF-8 bytes: slicing a str by characters walks it from the start each time.
        b = o.encode()
        p = []
        i = 0
        n = len(b)
        while i < n:
            j = i + _s
            if j < n:
                while b[j] & 0xC0 == 0x80:
                    j -= 1
            p.append(_d(b[i:j].decode())[1:-1])
            i = j
        return '"' + ''.join(p) + '"'
    if t is list or t is tuple:
        p = []
        for i in range(0, len(o), _n):
            c = o[i:i + _n]
            if _fsize(c, 4096) >= 0:
                p.append(_d(c)[1:-1])
            else:
                p.append(', '.join([dumps(x, _d, 4096) for x in c]))
        return '[' + ', '.join(p) + ']'
    return '{' + ', '.join([(_d(k) if type(k) is str else _d({k: 0})[1:-4]) + ': ' + dumps(v, _d, 4096) for k, v in o.items()]) + '}'


def _fsize(o, b):
    # What is left of a budget of b elements once o is counted; negative when o is too big for one piece.
    t = type(o)
    if t is str:
        return b - len(o) // 16 - 1
    if t is list or t is tuple or t is dict:
        b -= len(o)
        if b < 0:
            return b
        for x in (o.values() if t is dict else o):
            u = type(x)
            if u is str or u is list or u is tuple or u is dict:
                b = _fsize(x, b)
                if b < 0:
                    return b
        return b
    return b - 1
