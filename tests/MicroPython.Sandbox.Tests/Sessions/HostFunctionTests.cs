using System.Numerics;
using System.Text.Json;
using static MicroPython.Sandbox.TestKit.SessionRuns;

namespace MicroPython.Sandbox.Tests;

/// <summary>.NET functions called from Python: binding, conversions both ways, errors, async, caps and isolation.</summary>
public class HostFunctionTests
{
    private static readonly string[] OneString = ["a"];

    private static PythonError Error(PythonSession session, string code)
    {
        var result = session.Run(code);
        Assert.True(result.Status == RunStatus.PythonError, $"{result.Status}: {result.Message} {result.Stdout}");
        return result.Error!;
    }

    [Fact]
    public void TypedFunctionWithPositionalKeywordAndDefaultArguments()
    {
        using var session = new PythonSession();
        session.DefineFunction("add", (int a, int b) => a + b);
        // The lambda binds to the typed Func overload; the compiler warns that Func itself has no defaults
        // (CS9099), but the bridge reads them from the lambda's own parameters, as this test shows.
#pragma warning disable CS9099
        session.DefineFunction("scale", (double x, double factor = 2.5, string label = "v") => $"{label}={x * factor}");
#pragma warning restore CS9099
        Assert.Equal(5L, Ok(session, "add(2, 3)").Value);
        Assert.Equal(42L, Ok(session, "add(2, b=40)").Value);
        Assert.Equal(7L, Ok(session, "add(b=3, a=4)").Value);
        Assert.Equal("v=5", Ok(session, "scale(2)").Value);
        Assert.Equal("v=3", Ok(session, "scale(1, 3)").Value);
        Assert.Equal("w=2.5", Ok(session, "scale(1, label='w')").Value);
        Assert.Equal("q=1", Ok(session, "scale(label='q', factor=1, x=1)").Value);
    }

    [Fact]
    public void WrongArityAndWrongTypesRaiseTypeErrorNamingTheParameter()
    {
        using var session = new PythonSession();
        session.DefineFunction("add", (int a, int b) => a + b);
        Assert.Equal("TypeError", Error(session, "add(1)").Type);
        Assert.Equal("TypeError", Error(session, "add(1, 2, 3)").Type);
        Assert.Equal("TypeError", Error(session, "add(1, c=2)").Type);

        var e = Error(session, "add(1, 'two')");
        Assert.Equal("TypeError", e.Type);
        Assert.Contains("add()", e.Message);
        Assert.Contains("'b'", e.Message);

        e = Error(session, "add([1], 2)");
        Assert.Contains("'a'", e.Message);
        e = Error(session, "def f(): pass\nadd(1, f)");
        Assert.Equal("TypeError", e.Type);
        Assert.Contains("'b'", e.Message);
        e = Error(session, "add(2**40, 1)");
        Assert.Equal("OverflowError", e.Type);
        Assert.Contains("'a'", e.Message);

        // Caught in Python like any TypeError.
        Assert.Equal("caught\n", Ok(session, "try:\n    add('x', 1)\nexcept TypeError:\n    print('caught')").Stdout);
    }

    [Fact]
    public void EveryValueKindCrossesBothWaysNested()
    {
        using var session = new PythonSession();
        object? received = null;
        session.DefineFunction("echo", (object? value) => received = value);
        var r = Ok(session, """
            v = [None, True, False, 7, -2**31, 2**31, 2**100, -(2**70), 1.5, float('inf'), 'héllo ✓ 😀', b'\x00\xffab', bytearray(b'z'),
                 (1, (2, 'x')), [], {}, {'k': [1, {'n': (None,)}], '\x00': 1}]
            back = echo(v)
            print(back == [x if type(x) is not bytearray else bytes(x) for x in v])
            print([type(x).__name__ for x in back])
            back
            """);
        Assert.Equal("True\n['NoneType', 'bool', 'bool', 'int', 'int', 'int', 'int', 'int', 'float', 'float', 'str', 'bytes', 'bytes', 'tuple', 'list', 'dict', 'dict']\n", r.Stdout);

        var list = Assert.IsType<List<object?>>(received);
        Assert.Null(list[0]);
        Assert.Equal(true, list[1]);
        Assert.Equal(7L, list[3]);
        Assert.Equal((long)int.MinValue, list[4]);
        Assert.Equal(2147483648L, list[5]);
        Assert.Equal(BigInteger.Pow(2, 100), list[6]);
        Assert.Equal(-BigInteger.Pow(2, 70), list[7]);
        Assert.Equal(1.5, list[8]);
        Assert.Equal(double.PositiveInfinity, list[9]);
        Assert.Equal("héllo ✓ 😀", list[10]);
        Assert.Equal(new byte[] { 0, 255, (byte)'a', (byte)'b' }, list[11]);
        var tuple = Assert.IsType<object?[]>(list[13]);
        Assert.Equal(1L, tuple[0]);
        Assert.Equal(new object?[] { 2L, "x" }, tuple[1]);
        var dict = Assert.IsType<Dictionary<string, object?>>(list[16]);
        Assert.Equal(1L, dict["\0"]);
        Assert.Equal(r.Value is List<object?> l ? l.Count : -1, list.Count);
    }

    [Fact]
    public void DotNetValuesBecomePythonValues()
    {
        using var session = new PythonSession();
        session.DefineFunction("values", () => new object?[]
        {
            null, 3, long.MaxValue, ulong.MaxValue, BigInteger.Pow(10, 30), 2.5f, 1e300, double.NaN, "s", 'c', new byte[] { 1 },
            new List<int> { 1, 2 }, OneString, (1, "t"), new Dictionary<string, object?> { ["d"] = new Dictionary<string, int> { ["e"] = 5 } },
            JsonDocument.Parse("{\"j\": [1, 2.5, \"x\", null, true]}").RootElement, decimal.One, DayOfWeek.Monday,
        });
        var r = Ok(session, "v = values()\nprint([type(x).__name__ for x in v])\nprint(v[:7], v[8:])\nprint(v[7] != v[7])");
        Assert.Equal(
            "['NoneType', 'int', 'int', 'int', 'int', 'float', 'float', 'float', 'str', 'str', 'bytes', 'list', 'list', 'tuple', 'dict', 'dict', 'float', 'int']\n" +
            "(None, 3, 9223372036854775807, 18446744073709551615, 1000000000000000000000000000000, 2.5, 1e+300) ('s', 'c', b'\\x01', [1, 2], ['a'], (1, 't'), {'d': {'e': 5}}, {'j': [1, 2.5, 'x', None, True]}, 1.0, 1)\nTrue\n",
            r.Stdout);
    }

    [Fact]
    public void UntypedAndStructuredParameters()
    {
        using var session = new PythonSession();
        session.DefineFunction("json", (JsonElement e) => e.GetRawText());
        session.DefineFunction("total", (List<int> items, Dictionary<string, double> weights) => items.Sum() * weights["w"]);
        session.DefineFunction("big", (BigInteger n) => n * 2);
        session.DefineFunction("blob", (byte[] data) => data.Length);
        Assert.Equal("{\"a\":[1,2.5,\"x\",null,true]}", Ok(session, "json({'a': [1, 2.5, 'x', None, True]})").Value);
        Assert.Equal(15.0, Ok(session, "total([1, 2, 3], {'w': 2.5})").Value);
        Assert.Equal("TypeError", Error(session, "total(['x'], {'w': 1})").Type);
        Assert.Equal(BigInteger.Pow(2, 101), Ok(session, "big(2**100)").Value);
        Assert.Equal(3L, Ok(session, "blob(b'abc')").Value);

        session.DefineFunction("area", (Rect r) => r.Width * r.Height);
        Assert.Equal(12.0, Ok(session, "area({'width': 3, 'height': 4})").Value);
        Assert.Equal("TypeError", Error(session, "area({'width': 'wide', 'height': 4})").Type);
    }

    /// <summary>A parameter type filled from JSON.</summary>
    public sealed record Rect(double Width, double Height);

    [Fact]
    public void ModuleOfFunctions()
    {
        using var session = new PythonSession();
        var rows = new Dictionary<string, List<object?>> { ["users"] = [new Dictionary<string, object?> { ["id"] = 1, ["name"] = "ann" }] };
        session.DefineModule("db", new Dictionary<string, Delegate>
        {
            ["query"] = (string table) => rows[table],
            ["count"] = (string table) => rows[table].Count,
        });
        var r = Ok(session, "import db\nfrom db import count\nprint(db.query('users')[0]['name'], count('users'))");
        Assert.Equal("ann 1\n", r.Stdout);
        Assert.Equal("ImportError", Error(session, "import nosuchmodule").Type);
    }

    [Fact]
    public void DotNetExceptionBecomesCatchablePythonException()
    {
        using var session = new PythonSession();
        session.DefineFunction("fail", (string why) => why == "ok" ? 1 : throw new InvalidOperationException("no " + why));
        var r = Ok(session, """
            from mpsandbox import HostError
            try:
                fail('luck')
            except HostError as e:
                print(e.type, '|', e.message, '|', e)
            """);
        Assert.Equal("InvalidOperationException | no luck | InvalidOperationException: no luck\n", r.Stdout);

        var error = Error(session, "fail('way')");
        Assert.Equal("HostError", error.Type);
        Assert.Equal("InvalidOperationException: no way", error.Message);
        Assert.DoesNotContain(" at ", error.Traceback); // no .NET stack trace
        Assert.DoesNotContain("HostFunctionTests", error.Traceback);
    }

    [Fact]
    public void PythonExceptionInCallFromDotNetIsAResult()
    {
        using var session = new PythonSession();
        Ok(session, "def bad():\n    raise KeyError('k')");
        var r = session.Run("bad()");
        Assert.Equal(RunStatus.PythonError, r.Status);
        Assert.Equal("KeyError", r.Error!.Type);
        session.Globals["x"] = 1;
        Assert.Equal(1L, session.Globals["x"]);
    }

    [Fact]
    public void AsyncHostFunctionIsAwaitedWhileTheGuestWaits()
    {
        using var session = new PythonSession();
        session.DefineFunction("fetch", async (string key, CancellationToken token) =>
        {
            await Task.Delay(20, token);
            return key.ToUpperInvariant();
        });
        session.DefineFunction("fire", async (int n) => await Task.Yield());
        session.DefineFunction("broken", async () =>
        {
            await Task.Yield();
            throw new TimeoutException("too slow");
#pragma warning disable CS0162
            return 0;
#pragma warning restore CS0162
        });
        Assert.Equal("ABC", Ok(session, "fetch('abc')").Value);
        Assert.Equal("None", Ok(session, "fire(1)").ValueRepr);
        var e = Error(session, "broken()");
        Assert.Equal("TimeoutException: too slow", e.Message);
    }

    [Fact]
    public void OversizedPayloadsAreRefused()
    {
        using var session = new PythonSession(new SandboxOptions { MaxHostValueBytes = 1000 });
        session.DefineFunction("size", (object? v) => 0);
        session.DefineFunction("make", (int n) => new string('x', n));
        session.DefineFunction("makelist", (int n) => Enumerable.Range(0, n).ToList());
        Assert.Equal(0L, Ok(session, "size('x' * 900)").Value);
        var e = Error(session, "size('x' * 2000)");
        Assert.Equal("ValueError", e.Type);
        Assert.Contains("limit", e.Message);
        Assert.Equal("ValueError", Error(session, "size(['x' * 100] * 20)").Type);
        Assert.Equal(200L, Ok(session, "len(make(200))").Value);
        Assert.Equal("ValueError", Error(session, "make(5000)").Type);
        Assert.Equal("ValueError", Error(session, "makelist(5000)").Type);
        Assert.Throws<ArgumentException>(() => session.Globals["big"] = new string('y', 5000));

        // An endless sequence is cut off at the limit instead of exhausting host memory.
        session.DefineFunction("endless", () => Enumerable.Range(0, int.MaxValue).Select(i => i));
        Assert.Equal("ValueError", Error(session, "endless()").Type);
    }

    [Fact]
    public void NestingDepthIsCapped()
    {
        using var session = new PythonSession(new SandboxOptions { MaxHostValueDepth = 5 });
        session.DefineFunction("take", (object? v) => 1);
        session.DefineFunction("deep", () => new List<object?> { new List<object?> { new List<object?> { new List<object?> { new List<object?> { new List<object?>() } } } } });
        Assert.Equal(1L, Ok(session, "take([[[1]]])").Value);
        Assert.Equal("ValueError", Error(session, "l = []\nfor i in range(10):\n    l = [l]\ntake(l)").Type);
        Assert.Equal("ValueError", Error(session, "deep()").Type);
    }

    [Fact]
    public void HostCallsPerRunAreCapped()
    {
        using var session = new PythonSession(new SandboxOptions { MaxHostCalls = 10 });
        session.DefineFunction("tick", () => 1);
        Assert.Equal(10L, Ok(session, "sum(tick() for i in range(10))").Value);
        var e = Error(session, "sum(tick() for i in range(11))");
        Assert.Equal("RuntimeError", e.Type);
        Assert.Contains("10", e.Message);
        Assert.Equal(10L, Ok(session, "sum(tick() for i in range(10))").Value); // counted per run
    }

    [Fact]
    public void HostFunctionCallingBackIntoItsSessionGetsAClearError()
    {
        using var session = new PythonSession();
        session.DefineFunction("again", () => session.Run("1").Status.ToString());
        session.DefineFunction("peek", () => session.Globals["x"]);
        session.DefineFunction("later", async () => { await Task.Yield(); return session.Run("1").Status.ToString(); });
        Ok(session, "x = 5");
        foreach (var call in new[] { "again()", "peek()", "later()" })
        {
            var e = Error(session, call);
            Assert.Equal("HostError", e.Type);
            Assert.StartsWith("InvalidOperationException", e.Message);
        }
        // The session is intact and usable.
        Assert.Equal(5L, Ok(session, "x").Value);
    }

    [Fact]
    public void HostFunctionMayUseAnotherSession()
    {
        using var inner = new PythonSession();
        using var outer = new PythonSession();
        outer.DefineFunction("ask", (string code) => inner.Run(code).Value);
        Assert.Equal(6L, Ok(outer, "ask('2 * 3')").Value);
    }

    [Fact]
    public void OnlyRegisteredFunctionsAreReachable()
    {
        using var session = new PythonSession();
        session.DefineFunction("f", () => 1);
        var r = Ok(session, """
            import _mpsandbox_host as H
            out = []
            for name in ('GetType', 'Invoke', 'Target', 'Method', '__class__', 'f1', 'f-1', 'f00', 'constructor', 'keep2'):
                try:
                    getattr(H, name)
                    out.append(name)
                except AttributeError:
                    pass
            try:
                getattr(f, 'Target')
                out.append('f.Target')
            except AttributeError:
                pass
            print(out)
            """);
        Assert.Equal("['__class__']\n", r.Stdout);
        // Garbage through the raw call path becomes a pending Python error, not a host failure.
        r = Ok(session, "import _mpsandbox_host as H\nH.call('{not json')\nprint(H.fetch()[:14])\nH.f0([1, 2])\nprint('TypeError' in H.fetch())");
        Assert.Equal("e[\"ValueError\"\nTrue\n", r.Stdout);
    }

    [Fact]
    public void RegistrationChecksNames()
    {
        using var session = new PythonSession();
        Assert.Throws<ArgumentException>(() => session.DefineFunction("not a name", () => 1));
        Assert.Throws<ArgumentException>(() => session.DefineFunction("class", () => 1));
        Assert.Throws<ArgumentException>(() => session.DefineModule("1db", new Dictionary<string, Delegate> { ["f"] = () => 1 }));
    }

    [Fact]
    public void ParameterNamedLikeAPythonKeywordStillWorks()
    {
        using var session = new PythonSession();
        session.DefineFunction("span", (int from, int to) => to - from);
        Assert.Equal(3L, Ok(session, "span(2, 5)").Value);
        Assert.Equal(4L, Ok(session, "span(**{'from': 1, 'to': 5})").Value);
    }
}
