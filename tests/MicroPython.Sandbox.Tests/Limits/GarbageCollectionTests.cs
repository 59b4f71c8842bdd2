using System.Numerics;
using MicroPython.Sandbox.Engine;

namespace MicroPython.Sandbox.Tests;

/// <summary>
/// Garbage is collected in the middle of a run: loops that churn far more garbage than the memory cap complete,
/// collection on every allocation changes no output, longjmps under collection keep the C stack exact, and the
/// rewrite that makes it possible refuses a binary it does not recognise.
/// </summary>
public class GarbageCollectionTests
{
    private const long SixteenMiB = 16 * 1024 * 1024;

    private static SandboxOptions Small => new() { MemoryLimit = SixteenMiB, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Each allocates well over 16 MiB in total while keeping little alive, all in one top-level call.</summary>
    public static TheoryData<string, string> ChurnPrograms => new()
    {
        { "bigint sum", "s = 0\nfor i in range(10**6): s += i*i\nprint(s)" },
        { "sum of a range", "print(sum(range(10**7)))" },
        { "string building", "n = 0\nfor i in range(100000):\n    t = str(i) * 20 + '-' + str(i)\n    n += len(t)\nprint(n)" },
        { "dict and list churn", "total = 0\nfor i in range(40000):\n    d = {str(k): [k] * 8 for k in range(8)}\n    total += sum(len(v) for v in d.values())\nprint(total)" },
        { "generator of dicts", "def g(n):\n    for i in range(n):\n        yield {'i': i, 'sq': [i * i] * 16, 'name': 'item%d' % i}\nprint(sum(x['sq'][3] for x in g(100000)))" },
    };

    private static string Expected(string name) => name switch
    {
        "bigint sum" => Sum(1_000_000, i => i * i),
        "sum of a range" => Sum(10_000_000, i => i),
        "string building" => Enumerable.Range(0, 100000).Sum(i => (long)(i.ToString(System.Globalization.CultureInfo.InvariantCulture).Length * 21 + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "dict and list churn" => (40000L * 64).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "generator of dicts" => Sum(100_000, i => i * i),
        _ => throw new ArgumentException(name),
    } + "\n";

    private static string Sum(long n, Func<BigInteger, BigInteger> term)
    {
        BigInteger s = 0;
        for (long i = 0; i < n; i++) s += term(i);
        return s.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [MemberData(nameof(ChurnPrograms))]
    public void ChurnLoopsCompleteUnderSixteenMiB(string name, string code)
    {
        var result = PythonSandbox.Run(code, Small);
        Assert.True(result.Status == RunStatus.Completed, $"{name}: {result.Status} {result.Message} {result.Error}");
        Assert.Equal(Expected(name), result.Stdout);
        Assert.InRange(result.PeakMemoryBytes, 1, SixteenMiB);
    }

    [Fact]
    public void ChurnLoopsCompleteUnderSixteenMiBInASessionThatKeepsItsState()
    {
        using var session = new PythonSession(Small);
        Assert.Equal(RunStatus.Completed, session.Run("keep = [str(i) * 4 for i in range(2000)]").Status);
        foreach (var (name, code) in ChurnPrograms.Select(row => ((string)row[0], (string)row[1])))
        {
            var result = session.Run(code);
            Assert.True(result.Status == RunStatus.Completed, $"{name}: {result.Status} {result.Message} {result.Error}");
            Assert.Equal(Expected(name), result.Stdout);
        }
        // What the session holds survived every collection.
        Assert.Equal("True\n", session.Run("print(keep == [str(i) * 4 for i in range(2000)])").Stdout);
    }

    [Fact]
    public void ChurnLoopsCompleteWithoutStartupImagePoolOrRecycling()
    {
        using var runtime = new SandboxRuntime(new SandboxRuntimeOptions { UseStartupImage = false, PoolSize = 0, RecycleInterpreters = false, CacheDirectory = null });
        var result = runtime.Run("s = 0\nfor i in range(200000): s += i*i\nprint(s)", Small);
        Assert.Equal(Sum(200_000, i => i * i) + "\n", result.Stdout);
    }

    [Fact]
    public void GcCollectFreesGarbageInsideAFunction()
    {
        // Before the rewrite gc.collect() below the top level did nothing: mem_alloc stayed where it was.
        const string code = """
            import gc
            def f(depth):
                if depth:
                    return f(depth - 1)
                junk = [str(i) * 10 for i in range(20000)]
                live = {'a': [1, 2, 3], 'b': 'x' * 100}
                before = gc.mem_alloc()
                junk = None
                gc.collect()
                after = gc.mem_alloc()
                return before > 2 * after, live == {'a': [1, 2, 3], 'b': 'x' * 100}
            print(f(0), f(40))
            """;
        var result = PythonSandbox.Run(code, Small);
        Assert.Equal("(True, True) (True, True)\n", result.Stdout);
    }

    [Fact]
    public void LiveDataBeyondTheCapIsStillAMemoryLimit()
    {
        var result = PythonSandbox.Run("keep = []\nwhile True:\n    keep.append(str(len(keep)) * 50)", Small);
        Assert.Equal(RunStatus.MemoryLimitExceeded, result.Status);
        Assert.InRange(result.PeakMemoryBytes, SixteenMiB / 2, SixteenMiB);
    }

    [Fact]
    public void FillingTheCapWithLiveDataRaisesAMemoryErrorTheProgramCanRecoverFrom()
    {
        // Near the cap each collection frees only the last few temporaries: collecting before nearly every allocation
        // would run until the time limit; instead the allocation fails once a collection made room for little, and the
        // skipped collection runs when the program, having dropped its data, asks again. (The data is dropped with
        // clear(): the collector is conservative, and a stale copy of the list's address left in a stack slot would keep
        // a list that was only unbound alive.)
        var options = new SandboxOptions { MemoryLimit = 64L * 1024 * 1024, Timeout = TimeSpan.FromSeconds(60) };
        const string code = "keep = []\ntry:\n    while True:\n        keep.append(str(len(keep)) * 3)\nexcept MemoryError:\n    pass\n"
            + "n = len(keep)\nkeep.clear()\nagain = [str(i) * 3 for i in range(100000)]\nprint(n > 500000, len(again))";
        var result = PythonSandbox.Run(code, options);
        Assert.True(result.Status == RunStatus.Completed, $"{result.Status} {result.Message} {result.Error}");
        Assert.Equal("True 100000\n", result.Stdout);
        Assert.True(result.PeakMemoryBytes <= options.MemoryLimit);
    }

    /// <summary>Programs whose output must not change when a collection runs before every allocation.</summary>
    public static TheoryData<string> TortureProgram => new()
    {
        // A call result held across another call (the recursive product) is what spilling alone gets wrong.
        "def fact(a, b):\n    if a == b: return a\n    mid = (a + b) // 2\n    return fact(a, mid) * fact(mid + 1, b)\nprint(fact(1, 400) % 1000000007)",
        "d = {}\nfor i in range(400):\n    d[str(i)] = [i, str(i) * 3, (i, i + 1)]\n    if i % 3 == 0: del d[str(i // 2)]\nprint(len(d), sum(v[0] for v in d.values()), sorted(d)[:3])",
        "s = ''.join(str(i) for i in range(600))\nprint(len(s), s[100:130], s.split('9')[:4])",
        "def gen():\n    for i in range(300):\n        yield {'k': i, 'v': [i] * 3, 's': str(i)}\nprint(sum(x['v'][2] + len(x['s']) for x in gen()))",
        "class Node:\n    def __init__(self, v, nxt): self.v = v; self.nxt = nxt\nn = None\nfor i in range(400): n = Node(str(i), n)\nc = 0\nwhile n: c += len(n.v); n = n.nxt\nprint(c)",
        "import json\nx = {'a': [1, 2.5, {'b': 'c' * 20}], 'n': None, 't': [True, False]}\nfor _ in range(30): x = json.loads(json.dumps(x))\nprint(json.dumps(x))",
        "print(sorted([str(i * 7919 % 1000) for i in range(300)], key=lambda s: (len(s), s))[:8])\nprint({i: i * i for i in range(60)}[59], set(range(100)) - set(range(5, 100)))",
        "out = []\nfor i in range(200):\n    try:\n        try:\n            raise ValueError('x' * i)\n        finally:\n            out.append(i)\n    except ValueError as e:\n        out.append(len(str(e)))\nprint(sum(out), '%s-%r-%d' % ('a', [1, (2, 'b')], 3), f'{3.25:.1f}{[i for i in range(3)]}')",
    };

    [Theory]
    [MemberData(nameof(TortureProgram))]
    public void CollectingOnEveryAllocationChangesNoOutput(string code)
    {
        var normal = PythonSandbox.Run(code, Small);
        Assert.Equal(RunStatus.Completed, normal.Status);
        // A threshold of one byte is zero blocks: every allocation collects first. A small cap keeps the heap to
        // one area, so freed blocks are reused at once and a missed root shows as corrupted output.
        var torture = PythonSandbox.Run("import gc\ngc.threshold(1)\nassert gc.threshold() == 0\n" + code,
            new SandboxOptions { MemoryLimit = 4 * 1024 * 1024, Timeout = TimeSpan.FromMinutes(2) });
        Assert.True(torture.Status == RunStatus.Completed, $"{torture.Status} {torture.Message} {torture.Error}");
        Assert.Equal(normal.Stdout, torture.Stdout);
    }

    [Fact]
    public void HostFunctionCallsWithContainersSurviveCollectionOnEveryAllocation()
    {
        using var session = new PythonSession(Small);
        session.DefineFunction("pairs", (int n) => Enumerable.Range(0, n).Select(i => new object?[] { i, "v" + i }).ToList());
        session.DefineFunction("total", (List<int> items, Dictionary<string, double> weights) => items.Sum() * weights["w"]);
        const string code = "acc = 0\nfor i in range(300):\n    p = pairs(i % 7)\n    acc += sum(a for a, b in p) + len(''.join(b for a, b in p))\n    acc += int(total(list(range(i % 5)), {'w': 2.0}))\nprint(acc)";
        var normal = session.Run(code);
        Assert.True(normal.Status == RunStatus.Completed, $"{normal.Status} {normal.Message} {normal.Error}");
        var torture = session.Run("import gc\ngc.threshold(1)\n" + code + "\ngc.threshold(-1)");
        Assert.True(torture.Status == RunStatus.Completed, $"{torture.Status} {torture.Message} {torture.Error}");
        Assert.Equal(normal.Stdout, torture.Stdout);
    }

    [Fact]
    public void ExceptionsRaisedDeepAndCaughtHighKeepTheStackExactUnderCollection()
    {
        // Each raise unwinds 30 Python frames by longjmp (the last 200 with a collection on every allocation, which is
        // slow: each collection marks the whole heap). If the C stack pointer were not restored exactly, the
        // depth reachable afterwards would shrink (or the stack would overflow).
        const string code = """
            import gc
            def depth():
                n = 0
                def r():
                    nonlocal n
                    n += 1
                    r()
                try:
                    r()
                except RuntimeError:
                    pass
                return n
            def deep(k, payload):
                if k == 0:
                    raise KeyError(payload)
                return deep(k - 1, payload + [k])
            before = depth()
            caught = 0
            for i in range(2000):
                if i == 1800:
                    gc.threshold(1)
                try:
                    deep(30, [str(i)])
                except KeyError as e:
                    caught += len(e.args[0])
            gc.threshold(-1)
            print(caught, before == depth(), before >= 100)
            """;
        var result = PythonSandbox.Run(code, Small);
        Assert.True(result.Status == RunStatus.Completed, $"{result.Status} {result.Message} {result.Error}");
        Assert.Equal($"{2000 * 31} True True\n", result.Stdout);
    }

    [Fact]
    public void PythonRecursionReachesOverAHundredFramesThenRaises()
    {
        var result = PythonSandbox.Run("n = 0\ndef r():\n    global n\n    n += 1\n    r()\ntry:\n    r()\nexcept RuntimeError as e:\n    print(n >= 100, e)", Small);
        Assert.Equal("True maximum recursion depth exceeded\n", result.Stdout);
    }

    [Fact]
    public void ThePinnedEngineMatchesTheCollectorRewrite()
    {
        var wasm = EngineFlavor.Standard.ReadBinary();
        GcPatcher.Patch(wasm, out var facts);
        Assert.Equal(facts.PystackStart + 8, facts.PystackCur);
        Assert.NotEqual(facts.CollectStart, facts.CollectEnd);
        Assert.NotEqual(facts.GcCollect, facts.CollectStart);
        Assert.True(facts.PendingFlag > 0 && facts.StackOverflowFlag > 0 && facts.ThresholdAddress > 0 && facts.StackLimitAddress > 0);
        Assert.Equal($"{GcPatcher.ThresholdBytes}\n", PythonSandbox.Run("import gc\nprint(gc.threshold())").Stdout);
        Assert.NotEqual(facts.GcCollect, facts.Alloc);
        Assert.True(facts.AllocHintGlobals.Count >= 4);
        Assert.Equal(facts.AllocHintGlobals.Count, facts.AllocHintGlobals.Distinct().Count());
    }

    [Fact]
    public void SessionRolledBackAfterAMemoryLimitKeepsAllocatingShortStrings()
    {
        // The rolled-back cell grew the heap by new areas, and the allocator's resume points named them: the rollback
        // must not leave a search starting in an area the restored memory does not have.
        using var session = new PythonSession(Small);
        Assert.Equal(RunStatus.Completed, session.Run("keep = ['k%015d' % i for i in range(20000)]").Status);
        Assert.Equal(RunStatus.MemoryLimitExceeded, session.Run("big = []\nwhile True:\n    big.append('x%015d' % len(big))").Status);
        var result = session.Run("more = ['m%015d' % i for i in range(20000)]\nprint(len(keep), len(more), more[-1], keep[-1])");
        Assert.Equal("20000 20000 m000000000019999 k000000000019999\n", result.Stdout);
    }

    [Fact]
    public void StringsBuiltBetweenCollectionsAreTheSameAsWithoutCollections()
    {
        // Short strings of two and three blocks with single-block garbage between them: the allocator's resume points
        // move through a fragmented heap; every string must still be intact and the heap must not outgrow the cap.
        const string code = """
            import gc
            def build(n):
                parts = []
                for i in range(n):
                    s = "item-%d:%06d" % (i, i * 7)
                    parts.append(s.upper() if i % 3 == 0 else s + "-" * (i % 20))
                return parts
            a = build(40000)
            gc.collect()
            b = build(40000)
            # Distinct, checked by sorting: a set of these strings takes MicroPython seconds to build.
            s = sorted(b)
            print(a == b, sum(len(x) for x in a), all(s[i] != s[i + 1] for i in range(len(s) - 1)))
            """;
        long length = Enumerable.Range(0, 40000).Sum(i =>
            (long)string.Create(System.Globalization.CultureInfo.InvariantCulture, $"item-{i}:{i * 7:D6}").Length + (i % 3 == 0 ? 0 : i % 20));
        var result = PythonSandbox.Run(code, Small);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal($"True {length} True\n", result.Stdout);
    }

    [Fact]
    public void TheRewriterRefusesABinaryThatDoesNotMatch()
    {
        var wasm = EngineFlavor.Standard.ReadBinary();
        GcPatcher.Patch(wasm, out var facts);

        // gc_collect stores 1 to the pending flag: i32.const flag; i32.const 1; i32.store8. Make it store 2.
        using var pattern = new MemoryStream();
        pattern.WriteByte(0x41);
        WasmWriter.WriteS32(pattern, (int)facts.PendingFlag);
        pattern.Write([0x41, 0x01, 0x3A]);
        var mutated = (byte[])wasm.Clone();
        int at = mutated.AsSpan().IndexOf(pattern.ToArray());
        Assert.True(at > 0);
        mutated[at + (int)pattern.Length - 2] = 0x02;
        var e = Assert.Throws<InvalidDataException>(() => ModulePatcher.Patch(mutated));
        Assert.Contains("not the expected MicroPython build", e.Message);

        // A build that no longer exports the function whose end runs the collection.
        var renamed = (byte[])wasm.Clone();
        int name = renamed.AsSpan().IndexOf((byte[])[13, .. "mp_js_do_exec"u8, 0x00]);
        Assert.True(name > 0);
        renamed[name + 13] = (byte)'x';
        Assert.Throws<InvalidDataException>(() => GcPatcher.Patch(renamed, out _));
    }
}
