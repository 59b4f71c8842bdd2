namespace MicroPython.Sandbox.TestKit;

/// <summary>
/// Python functions that recurse one frame per level through each kind of call (plain, closure, method,
/// <c>__init__</c>, <c>map</c>, a <c>sorted</c> key, generators, keyword arguments, <c>try</c>), and
/// <c>deepest(f)</c>: the deepest level of <c>f</c> that completes (a binary search that stops at the first
/// RuntimeError, the interpreter's recursion error). Shared by the recursion tests and the bench's depth measurement.
/// </summary>
public static class RecursionPrograms
{
    /// <summary>The functions, as source to put before the code that calls them.</summary>
    public const string Functions = """
        import json
        def plain(n):
            return 0 if n == 0 else 1 + plain(n - 1)
        def outer():
            def inner(n):
                return 0 if n == 0 else 1 + inner(n - 1)
            return inner
        closure = outer()
        class C:
            def m(self, n):
                return 0 if n == 0 else 1 + self.m(n - 1)
        class Node:
            def __init__(self, n):
                self.depth = 0 if n == 0 else 1 + Node(n - 1).depth
        def init(n):
            return Node(n).depth
        def viamap(n):
            return 0 if n == 0 else 1 + sum(map(viamap, [n - 1]))
        def viasorted(n):
            return 0 if n == 0 else 1 + sorted([n - 1, 0], key=viasorted)[0] * 0
        def gen(n):
            if n:
                yield from gen(n - 1)
            yield n
        def generator(n):
            for _ in gen(n): pass
        def kwargs(n, *, step=1, **extra):
            return 0 if n == 0 else 1 + kwargs(n - step, step=step, **extra)
        def tryblock(n):
            try:
                return 0 if n == 0 else 1 + tryblock(n - 1)
            finally:
                pass
        def deepest(f, hi=20000):
            lo = 1
            while lo < hi:
                mid = (lo + hi + 1) // 2
                try:
                    f(mid)
                    lo = mid
                except RuntimeError:
                    hi = mid - 1
            return lo

        """;
}
