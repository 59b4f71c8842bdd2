using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace MicroPython.Sandbox.Mcp.Tests;

/// <summary><c>mpsandbox mcp</c> driven by the C# SDK's own client over stdio, as an MCP host drives it.</summary>
public sealed class McpServerTests
{
    [Fact]
    public async Task TheServerListsAOneShotAndASessionToolDescribedFromItsLimitsAndFiles()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder["sales.csv"], "region,amount\nnorth,10\n");
        await using var client = await McpServerProcess.ConnectAsync("--timeout", "3s", "--memory", "32MB", "--file", "/data/sales.csv=" + folder["sales.csv"]);

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Timeout);

        Assert.Equal(["execute_python", "run_python"], tools.Select(t => t.Name).Order());
        foreach (var tool in tools)
        {
            Assert.Contains("3 s, 32 MiB memory", tool.Description, StringComparison.Ordinal);
            Assert.Contains("/data/sales.csv", tool.Description, StringComparison.Ordinal);
            Assert.Equal(["code"], tool.JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        }
        Assert.True(tools.Single(t => t.Name == "execute_python").JsonSchema.GetProperty("properties").TryGetProperty("reset", out _));
        Assert.False(tools.Single(t => t.Name == "run_python").JsonSchema.GetProperty("properties").TryGetProperty("reset", out _));
    }

    [Fact]
    public async Task AOneShotRunReturnsOutputAndKeepsNothingForTheNextCall()
    {
        await using var client = await McpServerProcess.ConnectAsync();

        var (first, firstError) = await client.RunAsync("x = 6 * 7\nprint('x is', x)");
        var (second, secondError) = await client.RunAsync("print(x)");

        Assert.False(firstError);
        Assert.Equal("completed", first.Str("status"));
        Assert.True(first.GetProperty("success").GetBoolean());
        Assert.Equal("x is 42\n", first.Str("stdout"));
        Assert.True(secondError);
        Assert.Equal("NameError", second.GetProperty("error").Str("type"));
    }

    [Fact]
    public async Task ASessionKeepsStateAcrossCallsInOneConnectionAndApartFromAnotherConnection()
    {
        await using var one = await McpServerProcess.ConnectAsync();
        await using var two = await McpServerProcess.ConnectAsync();

        await one.ExecuteAsync("import json\nrows = [1, 2, 3]\ndef total(): return sum(rows)");
        await two.ExecuteAsync("rows = ['other']");
        var (fromOne, oneError) = await one.ExecuteAsync("rows.append(4)\ntotal()");
        var (fromTwo, _) = await two.ExecuteAsync("rows");
        var (undefined, undefinedError) = await two.ExecuteAsync("total()");

        Assert.False(oneError);
        Assert.Equal("10", fromOne.Str("valueRepr"));
        Assert.Equal("['other']", fromTwo.Str("valueRepr"));
        Assert.True(undefinedError);
        Assert.Equal("NameError", undefined.GetProperty("error").Str("type"));
    }

    [Fact]
    public async Task CallsSentTogetherOnOneConnectionTakeTurnsInItsSession()
    {
        await using var client = await McpServerProcess.ConnectAsync();
        await client.ExecuteAsync("seen = []");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.ExecuteAsync($"seen.append({i})\nlen(seen)")));
        var (all, _) = await client.ExecuteAsync("sorted(seen)");

        Assert.All(results, r => Assert.False(r.IsError, r.Json.GetRawText()));
        Assert.Equal(["1", "2", "3", "4", "5", "6"], results.Select(r => r.Json.Str("valueRepr")).Order());
        Assert.Equal("[0, 1, 2, 3, 4, 5]", all.Str("valueRepr"));
    }

    [Fact]
    public async Task ResetStartsTheConnectionSSessionFromAFreshInterpreter()
    {
        await using var client = await McpServerProcess.ConnectAsync();
        await client.ExecuteAsync("secret = 1");

        var (resetOnly, resetError) = await client.CallAsync("execute_python", new Dictionary<string, object?> { ["reset"] = true });
        var (after, afterError) = await client.ExecuteAsync("secret");
        await client.ExecuteAsync("secret = 2");
        var (resetWithCode, _) = await client.ExecuteAsync("'secret' in globals()", reset: true);

        Assert.False(resetError);
        Assert.Equal("reset", resetOnly.Str("status"));
        Assert.True(afterError);
        Assert.Equal("NameError", after.GetProperty("error").Str("type"));
        Assert.Equal("False", resetWithCode.Str("valueRepr"));
        Assert.Contains("reset", resetWithCode.Str("note"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APythonErrorComesBackAsAnErrorResultWithItsTypeMessageAndLine()
    {
        await using var client = await McpServerProcess.ConnectAsync();

        var (json, isError) = await client.RunAsync("data = {'a': 1}\n\nprint(data['b'])");

        Assert.True(isError);
        Assert.Equal("pythonError", json.Str("status"));
        var error = json.GetProperty("error");
        Assert.Equal("KeyError", error.Str("type"));
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Contains("line 3", error.Str("traceback"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LimitHitsAreResultsAndTheSessionSurvivesThem()
    {
        await using var client = await McpServerProcess.ConnectAsync("--timeout", "1s", "--memory", "16MB");
        await client.ExecuteAsync("kept = 'still here'");

        var (slow, slowError) = await client.ExecuteAsync("while True: pass");
        var (big, bigError) = await client.ExecuteAsync("blob = bytearray(64 * 1024 * 1024)");
        var (after, afterError) = await client.ExecuteAsync("kept");

        Assert.True(slowError);
        Assert.Equal("timeLimitExceeded", slow.Str("status"));
        Assert.True(bigError);
        Assert.Equal("memoryLimitExceeded", big.Str("status"));
        Assert.False(afterError);
        Assert.Equal("'still here'", after.Str("valueRepr"));
    }

    [Fact]
    public async Task LongOutputIsCutToItsHeadAndTailForTheModel()
    {
        await using var client = await McpServerProcess.ConnectAsync();

        var (json, _) = await client.RunAsync("for i in range(5000): print('line', i)");

        string stdout = json.Str("stdout");
        Assert.StartsWith("line 0\n", stdout, StringComparison.Ordinal);
        Assert.EndsWith("line 4999\n", stdout, StringComparison.Ordinal);
        Assert.Contains("characters left out", stdout, StringComparison.Ordinal);
        Assert.Equal(["stdout"], json.GetProperty("trimmed").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("{}", "missing")]
    [InlineData("""{"code": 42}""", "must be a string")]
    [InlineData("""{"code": null}""", "missing")]
    [InlineData("""{"code": "print(1)", "reset": "yes"}""", "true or false")]
    public async Task BadArgumentsGetAnErrorResultThatSaysWhatToFixAndTheServerKeepsServing(string arguments, string hint)
    {
        await using var client = await McpServerProcess.ConnectAsync();
        var given = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments)!.ToDictionary(p => p.Key, p => (object?)p.Value);

        var (json, isError) = await client.CallAsync("execute_python", given);
        var (next, nextError) = await client.RunAsync("print('ok')");

        Assert.True(isError);
        Assert.Equal("invalidArguments", json.Str("status"));
        Assert.Contains(hint, json.Str("message"), StringComparison.Ordinal);
        Assert.False(nextError);
        Assert.Equal("ok\n", next.Str("stdout"));
    }

    [Fact]
    public async Task CodeOverTheSourceLimitIsRefusedAsAResult()
    {
        await using var client = await McpServerProcess.ConnectAsync();

        var (json, isError) = await client.ExecuteAsync("x = 1\n" + new string('#', 2 * 1024 * 1024));
        var (next, _) = await client.ExecuteAsync("1 + 1");

        Assert.True(isError);
        Assert.Equal("sourceTooLarge", json.Str("status"));
        Assert.Equal("2", next.Str("valueRepr"));
    }

    [Fact]
    public async Task MountedDirectoriesAndFilesGivenOnTheCommandLineAreReadableByTheCode()
    {
        using var folder = new TempDirectory();
        Directory.CreateDirectory(folder["in"]);
        File.WriteAllText(folder["in", "a.txt"], "from a mount");
        File.WriteAllText(folder["b.txt"], "from a file");
        await using var client = await McpServerProcess.ConnectAsync("--mount", folder["in"] + ":/in", "--file", "/b.txt=" + folder["b.txt"]);

        var (json, isError) = await client.RunAsync("print(open('/in/a.txt').read(), open('/b.txt').read(), sep='|')");

        Assert.False(isError, json.GetRawText());
        Assert.Equal("from a mount|from a file\n", json.Str("stdout"));
    }

    [Fact]
    public async Task ABadLimitOnTheCommandLineIsAUsageErrorOnStderrBeforeTheServerStarts()
    {
        var result = ProcessRunner.Run("dotnet", [McpServerProcess.Dll, "mcp", "--memory", "1K"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("--memory 1K", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OriginsAllowedOnTheCommandLineAreNamedInTheToolsAndABadOneIsAUsageError()
    {
        await using var client = await McpServerProcess.ConnectAsync("--allow-net", "https://api.example.com/v1");
        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Timeout);
        var bad = ProcessRunner.Run("dotnet", [McpServerProcess.Dll, "mcp", "--allow-net", "ftp://files.example.com"]);

        Assert.All(tools, tool => Assert.Contains("https://api.example.com/v1", tool.Description, StringComparison.Ordinal));
        Assert.Equal(2, bad.ExitCode);
        Assert.Empty(bad.Stdout);
        Assert.Contains("--allow-net ftp://files.example.com", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostAddsTheToolsToItsOwnServerWithOneCall()
    {
        var services = new ServiceCollection();
        services.AddMcpServer().WithPythonSandboxTools(o =>
        {
            o.Sandbox.Timeout = TimeSpan.FromSeconds(2);
            o.RunToolName = "python";
            o.SessionToolName = null;
        });
        await using var provider = services.BuildServiceProvider();

        var tools = provider.GetServices<McpServerTool>().ToArray();

        var tool = Assert.Single(tools);
        Assert.Equal("python", tool.ProtocolTool.Name);
        Assert.Contains("2 s", tool.ProtocolTool.Description, StringComparison.Ordinal);
        Assert.Same(tool, provider.GetRequiredService<PythonSandboxMcpTools>().Tools[0]);
    }
}
