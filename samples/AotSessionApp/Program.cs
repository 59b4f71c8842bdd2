// The README's session example in a Native AOT app: typed host functions (sync, Task<T>, ValueTask<T>), a
// module, globals, a record through a JsonSerializerContext and collection results. Prints one line per
// check and exits with 1 when any check fails.
using System.Text.Json.Serialization;
using MicroPython.Sandbox;

int failures = 0;
void Check(string what, object? expected, object? actual)
{
    bool same = expected is System.Collections.IEnumerable e && actual is System.Collections.IEnumerable a && expected is not string
        ? e.Cast<object?>().SequenceEqual(a.Cast<object?>())
        : Equals(expected, actual);
    if (!same) failures++;
    Console.WriteLine($"{(same ? "ok" : "FAIL")} {what}: {Show(actual)}{(same ? "" : $" (expected {Show(expected)})")}");
}
static string Show(object? v) => v is System.Collections.IEnumerable e and not string ? "[" + string.Join(", ", e.Cast<object?>().Select(Show)) + "]" : v?.ToString() ?? "null";


await using (var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromSeconds(2) }))
{
    session.TypeInfoResolver = SampleJson.Default;
    session.DefineFunction("add", (int a, int b) => a + b);
    session.DefineFunction("db.query", async (string sql, CancellationToken ct) => await Repository.QueryAsync(sql, ct));
    session.DefineFunction("db.count", (string table) => ValueTask.FromResult(table.Length));
    session.DefineFunction("area", (Rect r) => r.Width * r.Height);
    session.DefineFunction("square", (double side) => new Rect(side, side));
    session.DefineFunction("total", (List<int> items, Dictionary<string, double> weights) => items.Sum() * weights["w"]);
    session.DefineFunction("names", () => new List<string> { "ann", "bob" });
    session.Globals["limit"] = 10;

    session.Run("import db\nrows = db.query('select 1')");
    var r = session.Run("len(rows) + add(1, limit)");
    Check("last expression", 12L, r.Value);
    Check("keyword argument", 42L, session.Run("add(2, b=40)").Value);
    Check("ValueTask<T> in a module", 5L, session.Run("db.count('users')").Value);
    Check("record parameter", 12.0, session.Run("area({'width': 3, 'height': 4})").Value);
    Check("record result", 6.0, session.Run("s = square(2.0)\nfloat(s['width'] * s['height'] + len(s))").Value);
    Check("list and dict parameters", 15.0, session.Run("total([1, 2, 3], {'w': 2.5})").Value);
    Check("list result", new object?[] { "ann", "bob" }, session.Run("names()").Value as List<object?>);
    Check("bad argument is a TypeError", "TypeError", session.Run("total(['x'], {'w': 1})").Error?.Type);
    Check("typed global", new List<int> { 7 }, session.Globals.Get<List<int>>("rows"));
    session.Run("shape = {'width': 5, 'height': 1}");
    Check("record global", new Rect(5, 1), session.Globals.Get<Rect>("shape"));

    var stuck = session.Run("rows.append(1)\nwhile True: pass");
    Check("rolled back", true, stuck.RolledBack);
    Check("state kept", 1L, session.Run("len(rows)").Value);

    var async = await session.RunAsync("def twice(x):\n    return 2 * x\ntwice(add(1, 2))");
    Check("RunAsync", 6L, async.Value);
    Check("CallAsync", 8L, (await session.CallAsync("twice", [4])).Value);

    try
    {
        session.DefineFunction("unlisted", (Unlisted u) => u.Name);
        Check("unlisted record refused", "ArgumentException", "none");
    }
    catch (ArgumentException e)
    {
        Check("unlisted record refused", true, e.Message.Contains("JsonSerializerContext", StringComparison.Ordinal));
    }
}
Console.WriteLine(failures == 0 ? "ALL OK" : $"{failures} FAILED");
return failures == 0 ? 0 : 1;

internal sealed record Rect(double Width, double Height);

internal sealed record Unlisted(string Name);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Rect))]
internal sealed partial class SampleJson : JsonSerializerContext;

internal static class Repository
{
    public static async Task<List<int>> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        await Task.Delay(5, cancellationToken);
        return sql.Length > 0 ? [7] : [];
    }
}
