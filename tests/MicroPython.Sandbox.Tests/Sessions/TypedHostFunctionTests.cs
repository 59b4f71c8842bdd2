using System.Text.Json.Serialization;

namespace MicroPython.Sandbox.Tests;

/// <summary>The typed DefineFunction overloads: async shapes, modules by dotted name, collections and user types through a resolver.</summary>
public partial class TypedHostFunctionTests
{
    private static readonly string[] Tables = ["users", "orders"];

    private static RunResult Ok(PythonSession session, string code)
    {
        var result = session.Run(code);
        Assert.True(result.Status == RunStatus.Completed, $"{result.Status}: {result.Message} {result.Error}");
        return result;
    }

    [Fact]
    public void EveryAsyncShapeIsAwaited()
    {
        using var session = new PythonSession();
        int done = 0;
        session.DefineFunction("task", async (int x) => { await Task.Delay(5); return x + 1; });
        session.DefineFunction("valueTask", (int x) => new ValueTask<int>(Task.Delay(5).ContinueWith(_ => x + 2)));
        session.DefineFunction("plainTask", async () => { await Task.Delay(5); done++; });
        session.DefineFunction("plainValueTask", () => new ValueTask(Task.Delay(5).ContinueWith(_ => done++)));
        Assert.Equal("[2, 3, None, None]", Ok(session, "[task(1), valueTask(1), plainTask(), plainValueTask()]").ValueRepr);
        Assert.Equal(2, done);
    }

    [Fact]
    public void ATaskResultSpelledAsTheResultTypeIsRefusedRatherThanLostAsNone()
    {
        using var session = new PythonSession();
        var refused = Assert.Throws<ArgumentException>(() => session.DefineFunction<int, Task<int>>("f", x => Task.FromResult(x)));
        Assert.Contains("awaited type", refused.Message, StringComparison.Ordinal);
        session.DefineFunction<int, int>("g", x => Task.FromResult(x + 1));
        Assert.Equal("2", Ok(session, "g(1)").ValueRepr);
    }

    [Fact]
    public void DottedNamePutsAFunctionInAModule()
    {
        using var session = new PythonSession();
        session.DefineFunction("db.count", (string table) => table.Length);
        session.DefineFunction("db.tables", () => Tables);
        Assert.Equal("[5, ['users', 'orders']]", Ok(session, "import db\n[db.count('users'), db.tables()]").ValueRepr);
        Assert.Equal("NameError", session.Run("count('x')").Error?.Type);
        Assert.Throws<ArgumentException>(() => session.DefineFunction("db.", () => 1));
        Assert.Throws<ArgumentException>(() => session.DefineFunction("a.b.c", () => 1));
    }

    [Fact]
    public void CollectionsOfScalarsConvertWithoutJson()
    {
        using var session = new PythonSession();
        session.DefineFunction("sum", (int[] xs, IReadOnlyList<long> ys, IDictionary<string, double> w) => xs.Sum() + ys.Sum() + w.Values.Sum());
        session.DefineFunction("maybe", (List<int?> xs) => xs.Count(x => x is null));
        Assert.Equal(11.5, Ok(session, "sum((1, 2), [3], {'a': 5.5})").Value);
        Assert.Equal(2L, Ok(session, "maybe([1, None, None])").Value);
        var error = session.Run("sum([1, 'two'], [], {})").Error;
        Assert.Equal("TypeError", error?.Type);
        Assert.Contains("argument 'xs': item 1: expected int, got str", error?.Message);
        Assert.Equal("OverflowError", session.Run("sum([2**40], [], {})").Error?.Type);
    }

    public sealed record Order(string Item, int Quantity);

    public sealed record Unlisted(string Name);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
    [JsonSerializable(typeof(Order))]
    [JsonSerializable(typeof(List<Order>))]
    public partial class OrderJson : JsonSerializerContext;

    [Fact]
    public void UserTypesGoThroughTheTypeInfoResolverBothWays()
    {
        using var session = new PythonSession { TypeInfoResolver = OrderJson.Default };
        session.DefineFunction("describe", (Order o) => $"{o.Quantity} x {o.Item}");
        session.DefineFunction("orders", () => new List<Order> { new("tea", 2) });
        Assert.Equal("2 x tea", Ok(session, "describe({'item': 'tea', 'quantity': 2})").Value);
        Assert.Equal("('tea', 2)", Ok(session, "o = orders()[0]\n(o['item'], o['quantity'])").ValueRepr);
        Ok(session, "o = {'item': 'jam', 'quantity': 1}");
        Assert.Equal(new Order("jam", 1), session.Globals.Get<Order>("o"));
        Assert.Equal("TypeError", session.Run("describe({'item': 'tea', 'quantity': 'many'})").Error?.Type);
    }

    [Fact]
    public void AResultTypeNobodyCanConvertIsRefusedWhenDefined()
    {
        using var session = new PythonSession { TypeInfoResolver = OrderJson.Default };
        var e = Assert.Throws<ArgumentException>(() => session.DefineFunction("who", () => new Unlisted("x")));
        Assert.Contains("JsonSerializerContext", e.Message);
        Assert.Contains("Unlisted", e.Message);
        Assert.Equal("NameError", session.Run("who()").Error?.Type);
    }

    [Fact]
    public void EnumDefaultsAndTheRunsTokenBindAroundPythonArguments()
    {
        using var session = new PythonSession();
#pragma warning disable CS9099 // the bridge reads the lambda's own default
        session.DefineFunction("pick", (int a, CancellationToken token, DateTimeKind kind = DateTimeKind.Utc) => $"{a}:{kind}:{token.CanBeCanceled}");
#pragma warning restore CS9099
        Assert.Equal("1:Utc:True", Ok(session, "pick(1)").Value);
        Assert.Equal("TypeError", session.Run("pick(1, 2, 3)").Error?.Type);
    }
}
