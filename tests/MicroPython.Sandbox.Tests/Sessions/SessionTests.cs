using System.Numerics;
using static MicroPython.Sandbox.TestKit.SessionRuns;

namespace MicroPython.Sandbox.Tests;

/// <summary>A resident interpreter: state kept across runs, last-expression values, globals, reset and dispose.</summary>
public class SessionTests
{
    [Fact]
    public void ExpressionAfterTheLastSemicolonIsTheValue()
    {
        using var session = new PythonSession();
        var result = session.Run("print('side effect'); [x * 2 for x in range(3)]");
        Assert.Equal("side effect\n", result.Stdout);
        Assert.Equal("[0, 2, 4]", result.ValueRepr);
        Assert.Equal("'a;b'", session.Run("s = 'a;b'; s").ValueRepr);
        Assert.Null(session.Run("a = 1; b = 2").ValueRepr);
        Assert.Null(session.Run("t = 'x;y'  # note; t").ValueRepr);
        Assert.Null(session.Run("for i in range(2): i; i").ValueRepr);
    }

    [Fact]
    public void GlobalsImportsFunctionsClassesAndObjectsPersist()
    {
        using var session = new PythonSession();
        Ok(session, "import json\ncounter = 0\ndef bump(n=1):\n    global counter\n    counter += n\n    return counter");
        Ok(session, "class Box:\n    def __init__(self): self.items = []\n    def add(self, x): self.items.append(x); return len(self.items)");
        Ok(session, "box = Box()\nbox.add('a')");
        Ok(session, "bump(); bump(5)");
        var result = Ok(session, "box.add('b')\nprint(json.dumps({'c': counter, 'items': box.items}))");
        Assert.Equal("{\"c\": 6, \"items\": [\"a\", \"b\"]}\n", result.Stdout);
    }

    [Fact]
    public void LastExpressionValueIsConvertedWithItsRepr()
    {
        using var session = new PythonSession();
        var r = Ok(session, "x = 21\nx * 2");
        Assert.Equal(42L, r.Value);
        Assert.Equal("42", r.ValueRepr);

        r = Ok(session, "y = 1");
        Assert.Null(r.ValueRepr);
        Assert.Null(r.Value);

        r = Ok(session, "[1, 'two', (3.5, None), {'k': b'\\x00\\xff'}, 2**100, True]");
        var list = Assert.IsType<List<object?>>(r.Value);
        Assert.Equal(1L, list[0]);
        Assert.Equal("two", list[1]);
        Assert.Equal(new object?[] { 3.5, null }, Assert.IsType<object?[]>(list[2]));
        Assert.Equal(new byte[] { 0, 255 }, Assert.IsType<Dictionary<string, object?>>(list[3])["k"]);
        Assert.Equal(BigInteger.Pow(2, 100), list[4]);
        Assert.Equal(true, list[5]);
        Assert.Equal("[1, 'two', (3.5, None), {'k': b'\\x00\\xff'}, 1267650600228229401496703205376, True]", r.ValueRepr);
    }

    [Theory]
    [InlineData("(1 +\n 2)", "3")]
    [InlineData("a = 5\n\na  # the value\n# trailing comment\n\n", "5")]
    [InlineData("def f():\n    return 7\nf()", "7")]
    [InlineData("print('x')", "None")]
    [InlineData("x = [\n1,\n2]", null)]
    [InlineData("if True:\n    z = 1\nelse:\n    z = 2", null)]
    [InlineData("for i in range(3):\n    i", null)]
    [InlineData("s = '''\n1\n'''", null)]
    public void LastExpressionOnlyWhenTheCodeEndsWithOne(string code, string? repr)
    {
        using var session = new PythonSession();
        Assert.Equal(repr, Ok(session, code).ValueRepr);
    }

    [Fact]
    public void IndentedSnippetRunsLikeInTheOneShotRunner()
    {
        using var session = new PythonSession();
        var r = Ok(session, "    x = 2\n    if x:\n        y = x * 3\n\n    y");
        Assert.Equal(6L, r.Value);
    }

    [Theory]
    [InlineData("x = 1", null)]
    [InlineData("x == 1", "False")]
    [InlineData("x != 1", "True")]
    [InlineData("x <= 1", "True")]
    [InlineData("x >= 1", "False")]
    [InlineData("x += 1", null)]
    [InlineData("x: int = 3", null)]
    [InlineData("definition = 2\ndefinition", "2")]
    [InlineData("(lambda a=1: a)()", "1")]
    [InlineData("f = lambda a=1: a", null)]
    [InlineData("not x", "True")]
    [InlineData("d = {'k': 1}\nd['k']", "1")]
    [InlineData("import math", null)]
    public void StatementsAndExpressionsAreToldApart(string code, string? repr)
    {
        using var session = new PythonSession();
        Ok(session, "x = 0");
        Assert.Equal(repr, Ok(session, code).ValueRepr);
    }

    [Fact]
    public void ValueWithoutDotNetFormKeepsItsRepr()
    {
        using var session = new PythonSession();
        var r = Ok(session, "def f(): pass\n[f]");
        Assert.Null(r.Value);
        Assert.StartsWith("[<function f at", r.ValueRepr);
    }

    [Fact]
    public void TracebackLinesPointAtTheUserCode()
    {
        using var session = new PythonSession();
        var r = session.Run("a = 1\n\ndef g():\n    return 1/0\n\ng()");
        Assert.Equal(RunStatus.PythonError, r.Status);
        Assert.Equal("ZeroDivisionError", r.Error!.Type);
        Assert.Equal(4, r.Error.Line);
        Assert.DoesNotContain("mpsandbox", r.Error.Traceback);

        r = session.Run("x = 1\ny = (\n");
        Assert.Equal("SyntaxError", r.Error!.Type);
        Assert.DoesNotContain("mpsandbox", r.Error.Traceback);
    }

    [Fact]
    public void PythonErrorIsNotRolledBack()
    {
        using var session = new PythonSession();
        var r = session.Run("done = 1\nraise ValueError('late')");
        Assert.Equal(RunStatus.PythonError, r.Status);
        Assert.False(r.RolledBack);
        Assert.Equal(1L, session.Globals["done"]);
    }

    [Fact]
    public void GlobalsFromDotNet()
    {
        using var session = new PythonSession();
        session.Globals["x"] = 5;
        session.Globals["data"] = new Dictionary<string, object?> { ["names"] = new List<string> { "a", "b" }, ["pair"] = (1, "one"), ["raw"] = new byte[] { 1, 2 } };
        var r = Ok(session, "result = [x * 2, data['names'], type(data['pair']).__name__, data['pair'], data['raw']]\nprint(result)");
        Assert.Equal("[10, ['a', 'b'], 'tuple', (1, 'one'), b'\\x01\\x02']\n", r.Stdout);
        var back = Assert.IsType<List<object?>>(session.Globals["result"]);
        Assert.Equal(10L, back[0]);
        Assert.Equal(new object?[] { 1L, "one" }, back[3]);

        Assert.Equal(10, session.Globals.Get<int>("x") * 2);
        Ok(session, "names = {'n': ['a', 'b']}");
        Assert.Equal(["a", "b"], session.Globals.Get<Dictionary<string, List<string>>>("names")["n"]);
        Assert.Throws<InvalidCastException>(() => session.Globals.Get<string>("x"));
        Assert.Throws<KeyNotFoundException>(() => session.Globals["missing"]);
        Assert.False(session.Globals.TryGetValue("missing", out _));
        Ok(session, "def fn(): pass");
        Assert.Throws<InvalidCastException>(() => session.Globals["fn"]);
        Assert.StartsWith("<function fn", session.Globals.GetRepr("fn"));
        Assert.True(session.Globals.Remove("x"));
        Assert.False(session.Globals.Remove("x"));
        Assert.Throws<ArgumentException>(() => session.Globals["not valid"] = 1);
        Assert.Throws<ArgumentException>(() => session.Globals["v"] = new object());
    }

    [Fact]
    public void CallPythonFunctionFromDotNet()
    {
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        Ok(session, "calls = 0\ndef handle(event, extra):\n    global calls\n    calls += 1\n    return {'kind': event['kind'], 'n': len(extra), 'calls': calls}\ndef spin():\n    global calls\n    calls = -1\n    while True: pass");
        var r = session.Call("handle", new Dictionary<string, object?> { ["kind"] = "click" }, new object?[] { 1, 2 });
        Assert.Equal(RunStatus.Completed, r.Status);
        var value = Assert.IsType<Dictionary<string, object?>>(r.Value);
        Assert.Equal("click", value["kind"]);
        Assert.Equal(2L, value["n"]);
        Assert.Equal(1L, value["calls"]);

        r = session.Call("handle", 1, 2);
        Assert.Equal(RunStatus.PythonError, r.Status);
        Assert.Equal("TypeError", r.Error!.Type);
        Assert.Equal("NameError", session.Call("nothing").Error?.Type);

        r = session.Call("spin");
        Assert.Equal(RunStatus.TimeLimitExceeded, r.Status);
        Assert.True(r.RolledBack);
        Assert.Equal(2L, session.Globals["calls"]); // the TypeError call counted; the stopped one did not
    }

    [Fact]
    public void ResetReturnsToAFreshInterpreterAndKeepsFunctions()
    {
        using var session = new PythonSession();
        session.DefineFunction("twice", (int a) => a * 2);
        Ok(session, "x = 1\nimport json");
        session.Reset();
        var r = session.Run("x");
        Assert.Equal("NameError", r.Error?.Type);
        Assert.Equal(8L, Ok(session, "twice(4)").Value);
    }

    [Fact]
    public void DisposeMakesEveryCallThrow()
    {
        var session = new PythonSession();
        Ok(session, "x = 1");
        session.Dispose();
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run("x"));
        Assert.ThrowsAsync<ObjectDisposedException>(() => session.RunAsync("x")).GetAwaiter().GetResult();
        Assert.Throws<ObjectDisposedException>(() => session.Globals["x"]);
        Assert.Throws<ObjectDisposedException>(() => session.Globals["x"] = 2);
        Assert.Throws<ObjectDisposedException>(() => session.DefineFunction("f", () => 1));
        Assert.Throws<ObjectDisposedException>(() => session.Reset());
        Assert.Throws<ObjectDisposedException>(() => session.MemoryBytes);
    }

    [Fact]
    public void HundredSessionsAliveAtOnceAreIndependent()
    {
        var sessions = new List<PythonSession>();
        try
        {
            for (int i = 0; i < 100; i++)
            {
                var s = new PythonSession(new SandboxOptions { MemoryLimit = 8 * 1024 * 1024 });
                s.Globals["n"] = i;
                Ok(s, "def f():\n    return n * n");
                sessions.Add(s);
            }
            Parallel.For(0, 100, i => Ok(sessions[i], "n = n + 1"));
            for (int i = 0; i < 100; i++)
                Assert.Equal((long)(i + 1) * (i + 1), Ok(sessions[i], "f()").Value);
        }
        finally
        {
            foreach (var s in sessions) s.Dispose();
        }
    }

    [Fact]
    public void GarbageIsCollectedBetweenRuns()
    {
        using var session = new PythonSession(new SandboxOptions { MemoryLimit = 8 * 1024 * 1024 });
        Ok(session, "total = 0");
        // About 40 MiB of garbage in all, 2 MiB per run, under an 8 MiB cap.
        for (int i = 0; i < 20; i++)
            Ok(session, "for i in range(200):\n    s = str(i) * 1000\n    total += len(s)");
        Assert.True(session.MemoryBytes <= 8 * 1024 * 1024);
        Assert.True((long)session.Globals["total"]! > 0);
    }

    [Fact]
    public async Task ConcurrentCallsWaitTheirTurn()
    {
        using var session = new PythonSession();
        Ok(session, "count = 0");
        var runs = Enumerable.Range(0, 8).Select(_ => session.RunAsync("for i in range(1000):\n    count += 1")).ToArray();
        foreach (var r in await Task.WhenAll(runs)) Assert.Equal(RunStatus.Completed, r.Status);
        Assert.Equal(8000L, session.Globals["count"]);
    }

    [Fact]
    public void SourceChecksMatchOneShotRuns()
    {
        using var session = new PythonSession(new SandboxOptions { MaxSourceBytes = 10 });
        Assert.Equal(RunStatus.SourceTooLarge, session.Run("x = 'long enough to refuse'").Status);
        Assert.Equal("SyntaxError", session.Run("x\0").Error?.Type);
    }
}
