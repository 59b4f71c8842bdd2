using System.Diagnostics;
using System.Text.Json;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace MicroPython.Sandbox.Agents.Tests;

/// <summary>The CodeAct provider inside Agent Framework's <see cref="ChatClientAgent"/>, driven by a scripted model.</summary>
public sealed class CodeActProviderTests
{
    private static ChatClientAgent Agent(ScriptedModel model, MicroPythonCodeActProvider codeAct) =>
        new(model, new ChatClientAgentOptions
        {
            ChatOptions = new ChatOptions { Instructions = "You are a data analyst." },
            AIContextProviders = [codeAct],
        });

    [Fact]
    public async Task AnAgentSessionOfTypicalDataTasksKeepsStateFixesItsErrorAndCallsAHostToolFromCode()
    {
        using var dir = new TempDirectory("mpsandbox-agent-");
        string csv = Path.Combine(dir, "sales.csv");
        File.WriteAllText(csv, "region,amount,currency\nnorth,120,EUR\nsouth,80,USD\nnorth,40,EUR\nwest,60,USD\n");
        var rateCalls = new List<string>();
        await using var codeAct = new MicroPythonCodeActProvider(new MicroPythonCodeActOptions
        {
            FileMounts = [new FileMount(csv, "/data/sales.csv")],
            Tools = [AIFunctionFactory.Create((string currency) => { rateCalls.Add(currency); return currency == "USD" ? 0.5 : 1.0; }, "eur_rate", "EUR per unit of a currency.")],
        });
        var model = new ScriptedModel()
            // Turn 1: load the mounted file.
            .ThenRun("""
                import csv
                with open('/data/sales.csv') as f:
                    rows = list(csv.DictReader(f))
                print(len(rows), 'rows')
                """).ThenAnswer("Loaded.")
            // Turn 2: aggregates over what turn 1 left in the interpreter.
            .ThenRun("""
                totals = {}
                for r in rows:
                    totals[r['region']] = totals.get(r['region'], 0) + int(r['amount'])
                sorted(totals.items())
                """).ThenAnswer("Totals.")
            // Turn 3: a mistake, then a fix written after reading the error.
            .ThenRun("statistics.median([int(r['amount']) for r in rows])")
            .Then(view =>
            {
                var error = view.LastJson.GetProperty("error");
                return error.Str("type") == "NameError" && error.Str("message").Contains("statistics", StringComparison.Ordinal)
                    ? ScriptedModel.Run("import statistics\nstatistics.median([int(r['amount']) for r in rows])")
                    : new ChatMessage(ChatRole.Assistant, "I cannot tell what went wrong.");
            }).ThenAnswer("Median.")
            // Turn 4: code mode, a host tool called from Python once per row.
            .ThenRun("round(sum(int(r['amount']) * eur_rate(currency=r['currency']) for r in rows), 2)").ThenAnswer("In EUR.");
        var agent = Agent(model, codeAct);
        var session = await agent.CreateSessionAsync();

        foreach (string question in new[] { "Load the sales.", "Totals by region?", "Median amount?", "Total in EUR?" })
            await agent.RunAsync(question, session);

        Assert.Equal(5, model.Results.Count);
        var loaded = model.Results[0].Json();
        Assert.True(loaded.Success(), loaded.GetRawText());
        Assert.Equal(0, loaded.ExitCode());
        Assert.Equal("4 rows\n", loaded.Str("stdout"));
        Assert.Equal("[('north', 160), ('south', 80), ('west', 60)]", model.Results[1].Json().Str("valueRepr"));
        var mistake = model.Results[2].Json();
        Assert.False(mistake.Success());
        Assert.Equal(1, mistake.ExitCode());
        Assert.Contains("NameError", mistake.Str("stderr"), StringComparison.Ordinal);
        Assert.Equal("70.0", model.Results[3].Json().Str("valueRepr"));
        Assert.Equal("230.0", model.Results[4].Json().Str("valueRepr"));
        Assert.Equal(["EUR", "USD", "EUR", "USD"], rateCalls);

        // The model was offered execute_code only (the host tool is reached from code), with instructions naming the
        // tool, the host tool and the mounted file.
        Assert.All(model.Requests, r => Assert.Equal(["execute_code"], r.Tools));
        string instructions = model.Requests[0].Instructions;
        Assert.Contains("You are a data analyst.", instructions, StringComparison.Ordinal);
        Assert.Contains("`execute_code`", instructions, StringComparison.Ordinal);
        Assert.Contains("eur_rate: EUR per unit of a currency.", instructions, StringComparison.Ordinal);
        Assert.Contains("/data/sales.csv", instructions, StringComparison.Ordinal);

        // Another session of the same agent has an interpreter of its own.
        model.ThenRun("rows").ThenAnswer("?");
        await agent.RunAsync("Rows?", await agent.CreateSessionAsync());
        Assert.Equal("NameError", model.Results[^1].Json().GetProperty("error").Str("type"));
    }

    [Fact]
    public async Task CodeThatCallsAToolNeedingApprovalRunsOnlyAfterThePersonApprovesIt()
    {
        int deleted = 0;
        var delete = new ApprovalRequiredAIFunction(AIFunctionFactory.Create((string name) => { deleted++; return "deleted " + name; }, "delete_file", "Deletes a file."));
        await using var codeAct = new MicroPythonCodeActProvider(new MicroPythonCodeActOptions { Tools = [delete] });
        var model = new ScriptedModel()
            .ThenRun("delete_file(name='a.txt')").ThenAnswer("It was not approved.")
            .ThenRun("delete_file(name='a.txt')").ThenAnswer("Deleted.");
        var agent = Agent(model, codeAct);
        var session = await agent.CreateSessionAsync();

        // The run stops at the approval request; refusing it gives the model a result, and nothing is deleted.
        var asked = await agent.RunAsync("Delete a.txt", session);
        var request = Assert.Single(asked.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>());
        Assert.Equal("execute_code", Assert.IsType<FunctionCallContent>(request.ToolCall).Name);
        await agent.RunAsync(new ChatMessage(ChatRole.User, [request.CreateResponse(false, "not now")]), session);
        Assert.Equal(0, deleted);
        Assert.IsNotType<JsonElement>(Assert.Single(model.Results).Result);

        // Approving the run approves the call its code makes.
        asked = await agent.RunAsync("Delete a.txt, I approve.", session);
        request = Assert.Single(asked.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>());
        var answer = await agent.RunAsync(new ChatMessage(ChatRole.User, [request.CreateResponse(true)]), session);
        Assert.Equal(1, deleted);
        Assert.Equal("'deleted a.txt'", model.Results[^1].Json().Str("valueRepr"));
        Assert.Equal("Deleted.", answer.Text);
    }

    [Fact]
    public async Task AlwaysRequireAsksBeforeEveryRunAndNeverRequireWithoutSuchToolsDoesNot()
    {
        await using (var always = new MicroPythonExecuteCodeFunction(new MicroPythonCodeActOptions { ApprovalMode = CodeActApprovalMode.AlwaysRequire }))
        {
            Assert.True(always.RequiresApproval);
            Assert.NotNull(always.AsAIFunction("c").GetService<ApprovalRequiredAIFunction>());
        }
        await using (var never = new MicroPythonExecuteCodeFunction())
        {
            Assert.False(never.RequiresApproval);
            Assert.Null(never.AsAIFunction("c").GetService<ApprovalRequiredAIFunction>());
        }
        // A callback that decides each call keeps the tool free of approval, and the callback is what refuses.
        var delete = new ApprovalRequiredAIFunction(AIFunctionFactory.Create((string name) => name, "delete_file", "Deletes a file."));
        await using var decided = new MicroPythonExecuteCodeFunction(new MicroPythonCodeActOptions
        {
            Tools = [delete],
            ConfigurePython = p => p.ApproveToolCall = (call, _) => ValueTask.FromResult(call.Arguments["name"]?.ToString() == "tmp.txt"),
        });
        Assert.False(decided.RequiresApproval);
        Assert.Equal("'tmp.txt'", (await decided.RunAsync("delete_file(name='tmp.txt')")).Str("valueRepr"));
        Assert.Equal("PermissionError", (await decided.RunAsync("delete_file(name='a.txt')")).GetProperty("error").Str("type"));
    }

    [Fact]
    public async Task BadInputThroughTheAgentComesBackAsResultsTheModelCanActOnNeverAsExceptions()
    {
        await using var codeAct = new MicroPythonCodeActProvider(new MicroPythonCodeActOptions
        {
            Tools =
            [
                AIFunctionFactory.Create(string () => throw new InvalidOperationException("the database is down"), "query", "Runs a query."),
                AIFunctionFactory.Create(async (CancellationToken ct) => { await Task.Delay(Timeout.Infinite, ct); return "never"; }, "slow", "Never answers."),
            ],
            ConfigurePython = p =>
            {
                p.Sandbox.Timeout = TimeSpan.FromSeconds(1);
                p.Sandbox.MaxSourceBytes = 10_000;
                p.MaxSessions = 1;
            },
        });
        var model = new ScriptedModel()
            .Then("execute_code", [])
            .Then("execute_code", new Dictionary<string, object?> { ["code"] = JsonSerializer.SerializeToElement(12) })
            .ThenRun("x = 1\n" + new string('#', 20_000))
            .ThenRun("query()")
            .ThenRun("slow()")
            .ThenRun("rows = [1, 2, 3]")
            .ThenAnswer("first session done")
            .ThenRun("other = 1").ThenAnswer("second session done")
            .ThenRun("sum(rows)").ThenAnswer("back in the first session");
        var agent = Agent(model, codeAct);
        var first = await agent.CreateSessionAsync();
        var stopwatch = Stopwatch.StartNew();

        await agent.RunAsync("go", first);
        // A second session takes the only interpreter slot: the first session's interpreter is evicted.
        await agent.RunAsync("go", await agent.CreateSessionAsync());
        await agent.RunAsync("go on", first);

        Assert.Equal(8, model.Results.Count);
        var results = model.Results.Select(r => r.Json()).ToList();
        foreach (int failed in new[] { 0, 1, 2, 3, 4, 7 })
        {
            Assert.False(results[failed].Success(), results[failed].GetRawText());
            Assert.Equal(1, results[failed].ExitCode());
            Assert.NotEqual("", results[failed].Str("stderr"));
        }
        Assert.Contains("'code' argument is missing", results[0].Str("stderr"), StringComparison.Ordinal);
        Assert.Contains("must be a string", results[1].Str("stderr"), StringComparison.Ordinal);
        Assert.Equal("sourceTooLarge", results[2].Str("status"));
        Assert.Contains("the database is down", results[3].Str("stderr"), StringComparison.Ordinal);
        Assert.Equal("timeLimitExceeded", results[4].Str("status"));
        Assert.True(results[5].Success());
        Assert.Equal("NameError", results[7].GetProperty("error").Str("type"));
        Assert.Contains("discarded", results[7].Str("note"), StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ASessionSurvivesSerializationAndAReconfigurationTellsItsNextRunThatStateIsGone()
    {
        await using var codeAct = new MicroPythonCodeActProvider();
        var model = new ScriptedModel()
            .ThenRun("x = 41").ThenAnswer("set")
            .ThenRun("x + 1").ThenAnswer("read")
            .ThenRun("x").ThenAnswer("lost")
            .ThenRun("one() + 1").ThenAnswer("tool")
            .ThenRun("2 * 2").ThenAnswer("plain");
        var agent = Agent(model, codeAct);
        var session = await agent.CreateSessionAsync();
        await agent.RunAsync("set x", session);

        // The session's state names its interpreter, so a session restored from JSON finds it again.
        var saved = await agent.SerializeSessionAsync(session);
        var restored = await agent.DeserializeSessionAsync(saved);
        await agent.RunAsync("x + 1?", restored);
        Assert.Equal("42", model.Results[1].Json().Str("valueRepr"));

        codeAct.AddTools(AIFunctionFactory.Create(() => 1, "one", "Returns one."));
        Assert.Throws<ArgumentException>(() => codeAct.AddTools(AIFunctionFactory.Create(() => 2, "one", "Another one.")));
        Assert.Equal(["one"], codeAct.GetTools().Select(t => t.Name));
        await agent.RunAsync("x?", restored);
        Assert.Equal("NameError", model.Results[2].Json().GetProperty("error").Str("type"));
        Assert.Contains("reconfigured", model.Requests[^2].Instructions, StringComparison.Ordinal);
        await agent.RunAsync("one?", restored);
        Assert.Equal("2", model.Results[3].Json().Str("valueRepr"));
        // Said once: the following run has no note.
        Assert.DoesNotContain("reconfigured", model.Requests[^1].Instructions, StringComparison.Ordinal);

        codeAct.RemoveTools("one");
        Assert.Empty(codeAct.GetTools());
        Assert.DoesNotContain("one", codeAct.BuildInstructions(), StringComparison.Ordinal);
        Assert.True(await codeAct.EndSessionAsync(restored));
        Assert.Equal([MicroPythonCodeActProvider.DefaultStateKey], codeAct.StateKeys);
        await using var named = new MicroPythonCodeActProvider(new MicroPythonCodeActOptions { StateKey = "python-2" });
        Assert.Equal(["python-2"], named.StateKeys);
    }

    [Fact]
    public async Task MountedFoldersAreReadOnlyAndAMissingHostPathIsRefusedUpFront()
    {
        using var dir = new TempDirectory("mpsandbox-agent-");
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "hello from the host");
        await using var codeAct = new MicroPythonCodeActProvider(new MicroPythonCodeActOptions { FileMounts = [new FileMount(dir, "/input")] });
        Assert.Throws<ArgumentException>(() => codeAct.AddFileMounts(new FileMount(Path.Combine(dir, "missing.csv"), "/data/missing.csv")));
        Assert.Equal(["/input"], codeAct.GetFileMounts().Select(m => m.MountPath));
        Assert.Throws<ArgumentException>(() => new MicroPythonCodeActProvider(new MicroPythonCodeActOptions { FileMounts = [new FileMount(Path.Combine(dir, "nope"), "/x")] }));

        var model = new ScriptedModel()
            .ThenRun("open('/input/notes.txt').read()")
            .ThenRun("open('/input/new.txt', 'w').write('x')")
            .ThenAnswer("done");
        var agent = Agent(model, codeAct);
        await agent.RunAsync("read", await agent.CreateSessionAsync());

        Assert.Equal("'hello from the host'", model.Results[0].Json().Str("valueRepr"));
        Assert.Equal("OSError", model.Results[1].Json().GetProperty("error").Str("type"));
        Assert.False(File.Exists(Path.Combine(dir, "new.txt")));
    }

    [Fact]
    public async Task AllowedOriginsAreTheOnlyOnesTheCodeCanAskForAndTheToolSaysWhichTheyAre()
    {
        // 127.0.0.1:9 passes the allow-list and is then refused as a private address: no request leaves the machine.
        await using var python = new MicroPythonExecuteCodeFunction(new MicroPythonCodeActOptions { AllowedOrigins = ["http://127.0.0.1:9"] });

        var result = await python.RunAsync("""
            import requests
            for url in ('http://127.0.0.1:9/data', 'https://elsewhere.example/data'):
                try:
                    requests.get(url)
                except requests.NetworkRefused as e:
                    print(e.rule)
            """);

        Assert.Equal("AllowPrivateAddresses\nAllowedOrigins\n", result.Str("stdout"));
        Assert.Contains("http://127.0.0.1:9", python.AsAIFunction().Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStandaloneFunctionGivesTheCodeActResultThroughFunctionInvocation()
    {
        await using var python = new MicroPythonExecuteCodeFunction(new MicroPythonCodeActOptions { ConfigurePython = p => p.Sandbox.Timeout = TimeSpan.FromSeconds(1) });
        var tool = python.AsAIFunction("conversation-1");
        Assert.Equal("execute_code", tool.Name);
        Assert.Equal("code", tool.JsonSchema.GetProperty("required")[0].GetString());

        var model = new ScriptedModel()
            .ThenRun("print('hi')")
            .ThenRun("import sys\nsys.exit(3)")
            .ThenRun("1 / 0")
            .ThenRun("while True:\n    pass");
        using var client = new FunctionInvokingChatClient(model);
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "go")], new ChatOptions { Tools = [tool] });

        var ok = model.Results[0].Json();
        Assert.Equal(("hi\n", "", 0, true), (ok.Str("stdout"), ok.Str("stderr"), ok.ExitCode(), ok.Success()));
        Assert.Equal(3, model.Results[1].Json().ExitCode());
        var error = model.Results[2].Json();
        Assert.Equal(1, error.ExitCode());
        Assert.Contains("ZeroDivisionError", error.Str("stderr"), StringComparison.Ordinal);
        var timeout = model.Results[3].Json();
        Assert.Equal(("timeLimitExceeded", 1), (timeout.Str("status"), timeout.ExitCode()));
        Assert.NotEqual("", timeout.Str("stderr"));
        Assert.Equal(1, python.SessionCount);
    }
}
