using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using static MicroPython.Sandbox.Extensions.AI.Tests.ScriptedChatClient;

namespace MicroPython.Sandbox.Extensions.AI.Tests;

public sealed class PythonSandboxFunctionTests
{
    private static readonly byte[] Sales = Encoding.UTF8.GetBytes("region,amount\nnorth,120\nsouth,80\nnorth,40\nwest,60\n");

    private static PythonToolOptions SalesOptions()
    {
        var options = new PythonToolOptions();
        options.Sandbox.Files.Add("/data/sales.csv", Sales);
        return options;
    }

    /// <summary>Drives <paramref name="model"/> through function invocation with <paramref name="tools"/>.</summary>
    private static async Task<ChatResponse> Converse(ScriptedChatClient model, string? conversationId, params AITool[] tools)
    {
        using var client = new FunctionInvokingChatClient(model);
        return await client.GetResponseAsync([new ChatMessage(ChatRole.User, "analyse the data")], new ChatOptions { Tools = tools, ConversationId = conversationId });
    }

    [Fact]
    public async Task ADataTaskOverTwoTurnsOfOneConversationKeepsItsStateBetweenThem()
    {
        var options = SalesOptions();
        // The conversation id comes from the chat options the caller passes to the invoking client.
        options.ConversationIdSelector = _ => FunctionInvokingChatClient.CurrentContext?.Options?.ConversationId;
        await using var python = new PythonSandboxFunction(options);

        var model = new ScriptedChatClient(("execute_python", Code("""
            import csv
            with open('/data/sales.csv') as f:
                rows = list(csv.DictReader(f))
            totals = {}
            for r in rows:
                totals[r['region']] = totals.get(r['region'], 0) + int(r['amount'])
            print(len(rows), 'rows')
            """)));
        await Converse(model, "thread-1", python);

        model.Enqueue("execute_python", Code("sorted(totals.items())"));
        await Converse(model, "thread-1", python);
        // Another conversation has none of that state.
        model.Enqueue("execute_python", Code("totals"));
        await Converse(model, "thread-2", python);

        var first = model.Results[0].Json();
        Assert.True(first.Success(), first.GetRawText());
        Assert.Equal("4 rows\n", first.Str("stdout"));
        var second = model.Results[1].Json();
        Assert.Equal("[('north', 160), ('south', 80), ('west', 60)]", second.Str("valueRepr"));
        var other = model.Results[2].Json();
        Assert.Equal("NameError", other.GetProperty("error").Str("type"));
        Assert.Equal(2, python.SessionCount);
    }

    [Fact]
    public async Task ResetStartsTheConversationFromAFreshInterpreter()
    {
        await using var python = new PythonSandboxFunction();
        var tool = python.ForConversation("c");
        var model = new ScriptedChatClient(
            ("execute_python", Code("x = 42")),
            ("execute_python", Code("x", reset: true)),
            ("execute_python", new Dictionary<string, object?> { ["reset"] = JsonSerializer.SerializeToElement(true) }),
            ("execute_python", Code("y = 1; y")));
        await Converse(model, null, tool);

        Assert.True(model.Results[0].Json().Success());
        var afterReset = model.Results[1].Json();
        Assert.Equal("NameError", afterReset.GetProperty("error").Str("type"));
        Assert.Contains("reset", afterReset.Str("note"), StringComparison.Ordinal);
        var resetOnly = model.Results[2].Json();
        Assert.Equal("reset", resetOnly.Str("status"));
        Assert.True(resetOnly.Success());
        Assert.Equal("1", model.Results[3].Json().Str("valueRepr"));
    }

    [Fact]
    public async Task CodeModeCallsAnotherToolWithKeywordArgumentsAndGetsATypeErrorForAWrongType()
    {
        var options = new PythonToolOptions();
        options.AddTools(AIFunctionFactory.Create(
            ([Description("City name")] string city, int days) => new Forecast(city, days, [.. Enumerable.Range(0, days).Select(d => 20.5 + d)]),
            "get_forecast", "Daily temperature forecast for a city."));
        await using var python = new PythonSandboxFunction(options);
        var model = new ScriptedChatClient(
            ("execute_python", Code("""
                f = get_forecast(city="Oslo", days=3)
                print(f['city'], f['days'], max(f['temperatures']))
                """)),
            ("execute_python", Code("get_forecast(city='Oslo', days='three')")),
            ("execute_python", Code("call_tool('get_forecast', city='Oslo')")));
        await Converse(model, null, python);

        var ok = model.Results[0].Json();
        Assert.True(ok.Success(), ok.GetRawText());
        Assert.Equal("Oslo 3 22.5\n", ok.Str("stdout"));
        var wrongType = model.Results[1].Json().GetProperty("error");
        Assert.Equal("TypeError", wrongType.Str("type"));
        Assert.Contains("'days' must be int, not str", wrongType.Str("message"), StringComparison.Ordinal);
        var missing = model.Results[2].Json().GetProperty("error");
        Assert.Equal("TypeError", missing.Str("type"));
        Assert.Contains("missing required keyword argument 'days'", missing.Str("message"), StringComparison.Ordinal);
    }

    internal sealed record Forecast(string City, int Days, double[] Temperatures);

    [Fact]
    public async Task AToolThatNeedsApprovalIsRefusedFromCodeUntilTheCallbackAllowsTheCall()
    {
        int deleted = 0;
        var delete = new ApprovalRequiredAIFunction(AIFunctionFactory.Create((string name) => { deleted++; return $"deleted {name}"; }, "delete_file", "Deletes a file."));
        var asked = new List<string?>();

        var refusing = new PythonToolOptions();
        refusing.AddTools(delete);
        await using (var python = new PythonSandboxFunction(refusing))
        {
            Assert.Contains("needs approval", python.Description, StringComparison.Ordinal);
            var result = await python.RunAsync("delete_file(name='a.txt')");
            Assert.Equal("PermissionError", result.GetProperty("error").Str("type"));
        }

        var approving = new PythonToolOptions
        {
            ApproveToolCall = (call, _) =>
            {
                asked.Add(call.Arguments["name"]?.ToString());
                return ValueTask.FromResult(call.Arguments["name"]?.ToString() == "tmp.txt");
            },
        };
        approving.AddTools(delete);
        await using (var python = new PythonSandboxFunction(approving))
        {
            var allowed = await python.RunAsync("delete_file(name='tmp.txt')");
            Assert.Equal("'deleted tmp.txt'", allowed.Str("valueRepr"));
            var refused = await python.RunAsync("delete_file(name='important.txt')");
            Assert.Equal("PermissionError", refused.GetProperty("error").Str("type"));
        }
        Assert.Equal(1, deleted);
        Assert.Equal(["tmp.txt", "important.txt"], asked);
    }

    [Fact]
    public async Task BadInputGivesAResultTheModelCanActOnAndNeverAnException()
    {
        var options = new PythonToolOptions();
        options.Sandbox.Timeout = TimeSpan.FromSeconds(1);
        options.Sandbox.MaxSourceBytes = 10_000;
        options.AddTools(
            AIFunctionFactory.Create(string () => throw new InvalidOperationException("the database is down"), "query", "Runs a query."),
            AIFunctionFactory.Create(async (CancellationToken ct) => { await Task.Delay(Timeout.Infinite, ct); return "never"; }, "slow", "Never answers."));
        await using var python = new PythonSandboxFunction(options);
        var model = new ScriptedChatClient(
            ("execute_python", new Dictionary<string, object?>()),
            ("execute_python", new Dictionary<string, object?> { ["code"] = JsonSerializer.SerializeToElement(12) }),
            ("execute_python", Code("x = 1\n" + new string('#', 20_000))),
            ("execute_python", Code("query()")),
            ("execute_python", Code("slow()")),
            ("execute_python", new Dictionary<string, object?> { ["code"] = JsonSerializer.SerializeToElement("1"), ["reset"] = JsonSerializer.SerializeToElement("yes") }));
        var stopwatch = Stopwatch.StartNew();
        await Converse(model, null, python);

        Assert.Equal(6, model.Results.Count);
        var missing = model.Results[0].Json();
        Assert.Equal("invalidArguments", missing.Str("status"));
        Assert.Contains("'code' argument is missing", missing.Str("message"), StringComparison.Ordinal);
        Assert.Contains("must be a string", model.Results[1].Json().Str("message"), StringComparison.Ordinal);
        Assert.Equal("sourceTooLarge", model.Results[2].Json().Str("status"));
        var failed = model.Results[3].Json().GetProperty("error");
        Assert.Equal("ToolError", failed.Str("type"));
        Assert.Contains("the database is down", failed.Str("message"), StringComparison.Ordinal);
        Assert.Equal("timeLimitExceeded", model.Results[4].Json().Str("status"));
        Assert.Contains("'reset' argument must be true or false", model.Results[5].Json().Str("message"), StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ASessionEvictedMidConversationIsReportedSoTheModelCanRebuildItsState()
    {
        await using var python = new PythonSandboxFunction(new PythonToolOptions { MaxSessions = 1 });
        Assert.True((await python.RunAsync("data = [1, 2, 3]", "a")).Success());
        Assert.True((await python.RunAsync("other = 1", "b")).Success());
        Assert.Equal(1, python.SessionCount);

        var result = await python.RunAsync("sum(data)", "a");
        Assert.Equal("NameError", result.GetProperty("error").Str("type"));
        Assert.Contains("discarded", result.Str("note"), StringComparison.Ordinal);
        // The note is said once: the new session now holds what the model rebuilds.
        Assert.True((await python.RunAsync("data = [1]", "a")).Success());
        Assert.Equal("", (await python.RunAsync("data", "a")).Str("note"));
    }

    [Fact]
    public async Task SessionsIdleLongerThanTheTimeoutAreDisposed()
    {
        var clock = new ManualTimeProvider();
        await using var python = new PythonSandboxFunction(new PythonToolOptions { SessionIdleTimeout = TimeSpan.FromMinutes(5) }, timeProvider: clock);
        await python.RunAsync("x = 1", "a");
        clock.Advance(TimeSpan.FromMinutes(3));
        await python.RunAsync("y = 1", "b");
        clock.Advance(TimeSpan.FromMinutes(3));

        var a = await python.RunAsync("x", "a");
        Assert.Equal("NameError", a.GetProperty("error").Str("type"));
        Assert.Equal("1", (await python.RunAsync("y", "b")).Str("valueRepr"));
    }

    [Fact]
    public async Task LongOutputIsShortenedToItsHeadAndTailWithAMarker()
    {
        var options = new PythonToolOptions { KeepSessions = false };
        options.Output.MaxStdoutChars = 1_000;
        await using var python = new PythonSandboxFunction(options);
        var result = await python.RunAsync("for i in range(2000): print('line', i)");

        string stdout = result.Str("stdout");
        Assert.StartsWith("line 0\n", stdout, StringComparison.Ordinal);
        Assert.EndsWith("line 1999\n", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\[\.\.\. [\d,]+ characters left out \.\.\.\]", stdout);
        Assert.True(stdout.Length < 1_100);
        Assert.Equal("stdout", result.GetProperty("trimmed")[0].GetString());
    }

    [Fact]
    public void RunReportTrimKeepsShortTextsAndCountsWhatItLeavesOut()
    {
        var report = new RunReport { Status = "completed", Success = true, Stdout = new string('a', 50) + new string('b', 50), Stderr = "short" };
        var trimmed = report.Trim(new RunReportTrimOptions { MaxStdoutChars = 20, HeadShare = 0.5 });
        Assert.Equal(new string('a', 10) + "\n[... 80 characters left out ...]\n" + new string('b', 10), trimmed.Stdout);
        Assert.Equal("short", trimmed.Stderr);
        Assert.Equal(["stdout"], trimmed.Trimmed);
        Assert.Same(report, report.Trim(new RunReportTrimOptions()));
        Assert.Contains("\"trimmed\":[\"stdout\"]", trimmed.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDescriptionListsHostFunctionsToolsFilesAndLimits()
    {
        var options = SalesOptions();
        options.Sandbox.Timeout = TimeSpan.FromSeconds(3);
        options.Sandbox.MemoryLimit = 32 * 1024 * 1024;
        options.HostFunctions.Add(new PythonHostFunction("lookup(sku: str) -> dict", "Looks up a product by its SKU.",
            s => s.DefineFunction("lookup", (string sku) => new Dictionary<string, object?> { ["sku"] = sku, ["price"] = 9.5 })));
        options.AddTools(AIFunctionFactory.Create((string city, int days) => "", "get_forecast", "Daily forecast."));
        await using var python = new PythonSandboxFunction(options);

        string description = python.Description;
        Assert.Contains("MicroPython", description, StringComparison.Ordinal);
        Assert.Contains("No match statement", description, StringComparison.Ordinal);
        Assert.Contains("3 s, 32 MiB memory", description, StringComparison.Ordinal);
        Assert.Contains("/data/sales.csv", description, StringComparison.Ordinal);
        Assert.Contains("- lookup(sku: str) -> dict: Looks up a product by its SKU.", description, StringComparison.Ordinal);
        Assert.Contains("- get_forecast(*, city: str, days: int): Daily forecast.", description, StringComparison.Ordinal);
        Assert.Contains("reset=true", description, StringComparison.Ordinal);
        // The host function the description promises is there.
        Assert.Equal("9.5", (await python.RunAsync("lookup('A1')['price']")).Str("valueRepr"));
        Assert.Equal("code", python.JsonSchema.GetProperty("required")[0].GetString());
    }

    [Fact]
    public async Task CallsFromCodeToToolsAreCappedPerRun()
    {
        int calls = 0;
        var options = new PythonToolOptions { MaxToolCallsPerRun = 3 };
        options.AddTools(AIFunctionFactory.Create(() => ++calls, "tick", "Counts."));
        await using var python = new PythonSandboxFunction(options);
        var capped = await python.RunAsync("for i in range(10): tick()");
        Assert.Equal("RuntimeError", capped.GetProperty("error").Str("type"));
        Assert.Equal(3, calls);
        // The count starts again with each run.
        Assert.True((await python.RunAsync("tick(); tick()")).Success());
    }

    [Fact]
    public async Task AddPythonSandboxRegistersTheToolWithItsOptions()
    {
        var services = new ServiceCollection();
        services.AddPythonSandbox(o => o.Name = "run_python");
        await using var provider = services.BuildServiceProvider();
        var python = provider.GetRequiredService<PythonSandboxFunction>();
        Assert.Equal("run_python", python.Name);
        Assert.Equal("2", (await python.RunAsync("1 + 1")).Str("valueRepr"));
    }
}
