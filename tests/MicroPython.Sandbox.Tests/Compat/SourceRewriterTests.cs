using System.Text;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Tests.Compat;

/// <summary>
/// The source the host prepares: displays with unpacking and stepped slices on str/bytes run as in CPython (the
/// expected outputs below are what CPython 3.11 prints), targets and stores keep MicroPython's own handling, line
/// numbers stay as written, and code with neither form is passed on untouched.
/// </summary>
public sealed class SourceRewriterTests
{
    private static RunResult RunOk(string code)
    {
        var result = PythonSandbox.Run(code);
        Assert.True(result.Status == RunStatus.Completed, $"{result.Status}: {result.Message} {result.Error?.Traceback} {result.Stdout}");
        return result;
    }

    [Fact]
    public void DisplaysWithUnpackingBuildTheValuesCPythonBuilds()
    {
        const string code = """
            a = {'x': 1}; b = {'y': 2}
            print(sorted({**a, **b}.items()), sorted({**a, 'z': 3, **b,}.items()), {**a, 'x': 9})
            c = {
                **a,  # base
                'k': [*range(3), *'ab'],
            }
            print(sorted(c.items()))
            rest = [1, 2, 3]
            print((*rest, 9), type((*rest,)).__name__, sorted({*rest, 7}), [*[*rest][:1], 0])
            print(*[*a, *b], sep='|')
            print({**{'f': lambda v: v + 1}}['f'](1), [*(i * i for i in range(3))])
            try:
                {**a, **5}
            except TypeError as e:
                print(e)
            """;
        Assert.Equal(
            "[('x', 1), ('y', 2)] [('x', 1), ('y', 2), ('z', 3)] {'x': 9}\n[('k', [0, 1, 2, 'a', 'b']), ('x', 1)]\n" +
            "(1, 2, 3, 9) tuple [1, 2, 3, 7] [1, 0]\nx|y\n2 [0, 1, 4]\n'int' object is not a mapping\n",
            RunOk(code).Stdout);
    }

    [Fact]
    public void DisplayItemsAreEvaluatedAndUnpackedInCPythonsOrder()
    {
        const string code = """
            log = []
            def gen(tag):
                log.append('start ' + tag)
                yield tag
            def val(tag):
                log.append(tag)
                return tag
            print([*gen('a'), val('b'), *gen('c')], log)
            """;
        Assert.Equal("['a', 'b', 'c'] ['start a', 'b', 'start c']\n", RunOk(code).Stdout);
    }

    [Fact]
    public void SteppedSlicesOfStrAndBytesWorkAndListsSliceAsBefore()
    {
        const string code = """
            s = 'hello'
            print(s[::-1], s[::2], s[1:4:2], 'abc'[::-1], s.upper()[::-1], b'xyz'[::-1], bytearray(b'ab')[::-1])
            is_pal = lambda t: t == t[::-1]
            print(is_pal('racecar'), is_pal('ab'), (s + '!')[::-1], [w[::-1] for w in ['ab', 'cd']])
            x = list(range(6))
            print(x[::2], x[1::2], x[::-2], int(str(1234)[::-1]), 'h\u00e9llo'[::-1], s[::1])
            """;
        Assert.Equal("olleh hlo el cba OLLEH b'zyx' bytearray(b'ba')\nTrue False !olleh ['ba', 'dc']\n[0, 2, 4] [1, 3, 5] [5, 3, 1] 4321 oll\u00e9h hello\n",
            RunOk(code).Stdout);
    }

    [Fact]
    public void AssignmentAndLoopTargetsKeepTheirStarsAndStoresThroughAStepAreLeftAlone()
    {
        const string code = """
            first, *rest = [*range(4)]
            [h, *t] = (1, 2, 3)
            print(first, rest, h, t, [p for (p, *_) in [(1, 2), (3, 4)]])
            for (p, *q) in [(1, 2, 3)]:
                print(p, q)
            x = [0, 1, 2, 3]
            try:
                x[::2] = [9, 9]
                print(x)
            except NotImplementedError:
                print('store through a step is the core own')
            """;
        var stdout = RunOk(code).Stdout;
        Assert.StartsWith("0 [1, 2, 3] 1 [2, 3] [1, 3]\n1 [2, 3]\n", stdout);
    }

    [Fact]
    public void ARewrittenProgramReportsErrorsOnTheLinesAsWritten()
    {
        const string code = "a = {'k': 1}\nmerged = {\n    **a,\n    'v': [*'xy',\n          1 // 0],\n}\n";
        var result = PythonSandbox.Run(code);
        Assert.Equal(RunStatus.PythonError, result.Status);
        Assert.Equal("ZeroDivisionError", result.Error!.Type);
        Assert.Equal(5, result.Error.Line);
    }

    [Fact]
    public void CodeWithoutStarredDisplaysOrSteppedSlicesIsPassedOnUnchanged()
    {
        string[] programs =
        [
            "def f(*args, **kwargs):\n    return args, kwargs\nprint(f(*[1], **{'a': 2}), [x * 2 for x in range(3)])\n",
            "s = '{**a} [*b] x[::-1]'  # {**c} [*d] e[::-1]\nprint(s[1:3], s[:])\n",
            "a, *b = 1, 2, 3\nprint(2 ** 3, a * 2)\n",
        ];
        foreach (var program in programs)
        {
            Assert.Same(program, SourceRewriter.Rewrite(program));
            Assert.Null(SourceRewriter.Rewrite(Encoding.UTF8.GetBytes(program)));
        }
    }

    [Fact]
    public void UnpackingInCodeRunByExecIsLeftToTheCompilerAndItsErrorSaysWhatToDo()
    {
        var result = PythonSandbox.Run("a = [1]\nexec('print([*a, *a])')\n");
        Assert.Equal(RunStatus.PythonError, result.Status);
        Assert.Equal("SyntaxError", result.Error!.Type);
        Assert.Contains("\nHint: starred items in displays work here only in the program's own code", result.Error.Traceback);
    }

    [Fact]
    public void Utf8SourceAndSessionCellsAreRewrittenToo()
    {
        var bytes = PythonSandbox.Run("print([*'ab', *'c'], 'xy'[::-1])"u8);
        Assert.Equal("['a', 'b', 'c'] yx\n", bytes.Stdout);

        using var session = new PythonSession();
        session.Run("base = {'a': 1}");
        var cell = session.Run("print(sorted({**base, 'b': 2}.items()), 'abc'[::-1])");
        Assert.Equal(RunStatus.Completed, cell.Status);
        Assert.Equal("[('a', 1), ('b', 2)] cba\n", cell.Stdout);
    }

    [Fact]
    public void SortingIsStableAsInCPythonForSortedAndListSort()
    {
        const string code = """
            words = ['apple', 'avocado', 'banana', 'blueberry', 'cherry', 'apricot']
            print(sorted(words, key=lambda w: w[0]), sorted(words, key=len, reverse=True))
            w = list(words)
            w.sort(key=len, reverse=True)
            rows = [('b', 2), ('a', 2), ('c', 1), ('d', 1)]
            rows.sort(key=lambda r: r[1])
            print(w, rows, sorted([0.0, -0.0, 1, 1.0, True]), sorted('bca'))
            class Box:
                def sort(self, reverse=False):
                    return 'own sort'
            print(Box().sort(reverse=True))
            """;
        Assert.Equal(
            "['apple', 'avocado', 'apricot', 'banana', 'blueberry', 'cherry'] ['blueberry', 'avocado', 'apricot', 'banana', 'cherry', 'apple']\n" +
            "['blueberry', 'avocado', 'apricot', 'banana', 'cherry', 'apple'] [('c', 1), ('d', 1), ('b', 2), ('a', 2)] [0.0, -0.0, 1, 1.0, True] ['a', 'b', 'c']\nown sort\n",
            RunOk(code).Stdout);
    }

    [Fact]
    public void ObjectsOfAClassDefiningOnlyLessThanSortAndSortReversedStablyAsInCPython()
    {
        // CPython's sort needs only <; MicroPython compares tuples with >, so the stable sort must not rely on it.
        const string code = """
            class Version:
                def __init__(self, major, tag):
                    self.major = major
                    self.tag = tag
                def __lt__(self, other):
                    return self.major < other.major
                def __repr__(self):
                    return '%d%s' % (self.major, self.tag)
            vs = [Version(2, 'a'), Version(1, 'b'), Version(2, 'c'), Version(3, 'd'), Version(1, 'e')]
            print(sorted(vs), sorted(vs, reverse=True))
            vs.sort(reverse=True)
            print(vs)
            vs.sort()
            print(vs)
            print(sorted(['x', 'yy', 'z'], key=lambda s: Version(len(s), ''), reverse=True))
            """;
        Assert.Equal(
            "[1b, 1e, 2a, 2c, 3d] [3d, 2a, 2c, 1b, 1e]\n[3d, 2a, 2c, 1b, 1e]\n[1b, 1e, 2a, 2c, 3d]\n['yy', 'x', 'z']\n",
            RunOk(code).Stdout);
    }

    [Fact]
    public void MissingStrSetIntAndFloatMethodsBehaveAsInCPythonAndOtherObjectsKeepTheirOwn()
    {
        const string code = """
            s = 'hello world'
            print(s.title(), s.capitalize(), s.swapcase(), repr(s.ljust(14, '.')), repr(s.rjust(13)), repr('ab'.center(7, '*')))
            print('42'.zfill(5), '-42'.zfill(5), "they're bill's".title(), 'a\tbc'.expandtabs(4), 'x.py'.removesuffix('.py'))
            print('a b c'.split(maxsplit=1), 'a,b,c'.split(sep=',', maxsplit=1), '  a  b  c '.rsplit(maxsplit=1))
            t = str.maketrans('abc', 'xyz', 'd')
            print('abcd'.translate(t), 'ab1'.isalnum(), sorted({1, 2}.union({3}, [4])), sorted({1, 2, 3}.difference({1}, {2})))
            print((10).bit_length(), (255).bit_count(), (2.0).is_integer(), 'Hi {name}'.format_map({'name': 'Bo'}))
            class UnionFind:
                def union(self, a, b):
                    return ('own', a, b)
            print(UnionFind().union(1, 2), str.ljust('ab', 4, '-'))
            """;
        Assert.Equal(
            "Hello World Hello world HELLO WORLD 'hello world...' '  hello world' '***ab**'\n" +
            "00042 -0042 They'Re Bill'S a   bc x\n['a', 'b c'] ['a', 'b,c'] ['  a  b', 'c']\n" +
            "xyz True [1, 2, 3, 4] [3]\n4 8 True Hi Bo\n('own', 1, 2) ab--\n",
            RunOk(code).Stdout);
    }

    [Fact]
    public void FStringFieldsAreRewrittenTooExceptSelfDocumentingOnes()
    {
        const string code = """
            name, items, width = 'ada lovelace', ['x', 'y'], 8
            print(f"{name.title():<14}|{name[::-1]}|{[*items, 'z']}|{'ab'.center(width, '*')}")
            print(f'{ {**{"a": 1}}["a"] }|{name.split(maxsplit=1)}|{name:>{width}}|{{literal}}')
            print(f'{len(items)=}')
            """;
        Assert.Equal("Ada Lovelace  |ecalevol ada|['x', 'y', 'z']|***ab***\n1|['ada', 'lovelace']|ada lovelace|{literal}\nlen(items)=2\n",
            RunOk(code).Stdout);
    }

    [Fact]
    public void FStringFieldsAndFormatGroupFloatDigitsAsCPythonDoes()
    {
        const string code = """
            total, avg = 1234567.891, 108333.33
            print(f"${total:,.2f} avg {avg:,.0f} [{total:>16,.1f}] {1234567:,} {total:_.1f}", format(-9876.5, ',.1f'))
            """;
        Assert.Equal("$1,234,567.89 avg 108,333 [     1,234,567.9] 1,234,567 1_234_567.9 -9,876.5\n", RunOk(code).Stdout);
    }
}
