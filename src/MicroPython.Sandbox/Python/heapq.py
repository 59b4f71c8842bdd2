# heapq for MicroPython.Sandbox: MicroPython's built-in heappush, heappop and heapify, plus CPython's
# heappushpop, heapreplace, nlargest, nsmallest and merge.
import _builtin

_h = _builtin.load('heapq')
del _builtin

heappush = _h.heappush
heappop = _h.heappop
heapify = _h.heapify


def heappushpop(heap, item):
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        heapify(heap)
    return item


def heapreplace(heap, item):
    if not heap:
        raise IndexError('index out of range')
    result = heap[0]
    heap[0] = item
    heapify(heap)
    return result


def _stable_sorted(iterable, key, reverse):
    # MicroPython's sort is not stable; CPython's nlargest/nsmallest keep the input order of ties.
    items = list(iterable)
    keys = [x if key is None else key(x) for x in items]
    order = sorted(range(len(items)), key=lambda i: (keys[i], -i if reverse else i), reverse=reverse)
    return [items[i] for i in order]


def nlargest(n, iterable, key=None):
    return _stable_sorted(iterable, key, True)[:n]


def nsmallest(n, iterable, key=None):
    return _stable_sorted(iterable, key, False)[:n]


def merge(*iterables, key=None, reverse=False):
    heap = []
    for i, it in enumerate(iterables):
        it = iter(it)
        for v in it:
            k = v if key is None else key(v)
            heap.append((_Rev(k) if reverse else k, i, v, it))
            break
    heapify(heap)
    while heap:
        k, i, v, it = heappop(heap)
        yield v
        for nv in it:
            nk = nv if key is None else key(nv)
            heappush(heap, (_Rev(nk) if reverse else nk, i, nv, it))
            break


class _Rev:
    __slots__ = ('k',)

    def __init__(self, k):
        self.k = k

    def __lt__(self, other):
        return other.k < self.k

    def __eq__(self, other):
        return self.k == other.k
