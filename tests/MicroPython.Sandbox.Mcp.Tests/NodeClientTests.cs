using System.Text.Json;

namespace MicroPython.Sandbox.Mcp.Tests;

/// <summary>
/// <c>mpsandbox mcp</c> driven by a client no one here wrote: the TypeScript SDK's (<c>@modelcontextprotocol/sdk</c>,
/// pinned in node/package-lock.json and installed by <c>npm ci</c> when the test project builds), through node/client.mjs.
/// </summary>
public sealed class NodeClientTests
{
    private static readonly string ClientDirectory = Repository.PathOf("tests", "MicroPython.Sandbox.Mcp.Tests", "node");

    [Fact]
    public void TheTypescriptSdkClientListsTheToolsAndRunsOneShotAndSessionCallsOverStdio()
    {
        var calls = """
            [
              {"name": "execute_python", "arguments": {"code": "import statistics\nscores = [3, 5, 8]"}},
              {"name": "execute_python", "arguments": {"code": "statistics.mean(scores)"}},
              {"name": "run_python", "arguments": {"code": "print(sum(range(10)))"}},
              {"name": "run_python", "arguments": {"code": "x = 1\nraise ValueError('bad row')"}},
              {"name": "run_python", "arguments": {"code": 7}}
            ]
            """;

        var output = RunClient(calls, McpServerProcess.CommandLine("--timeout", "5s"));

        var tools = output.GetProperty("tools").EnumerateArray().ToArray();
        Assert.Equal(["execute_python", "run_python"], tools.Select(t => t.GetProperty("name").GetString()).Order());
        Assert.All(tools, t => Assert.Contains("MicroPython", t.GetProperty("description").GetString(), StringComparison.Ordinal));
        Assert.Equal("mpsandbox", output.GetProperty("server").GetProperty("name").GetString());

        var results = output.GetProperty("results").EnumerateArray()
            .Select(r => (IsError: r.GetProperty("isError").GetBoolean(), Json: JsonDocument.Parse(r.GetProperty("text").GetString()!).RootElement))
            .ToArray();
        Assert.Equal(5, results.Length);
        Assert.False(results[0].IsError);
        Assert.Equal("5.333333", results[1].Json.GetProperty("valueRepr").GetString()![..8]);
        Assert.Equal("45\n", results[2].Json.GetProperty("stdout").GetString());
        Assert.True(results[3].IsError);
        Assert.Equal("ValueError", results[3].Json.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(2, results[3].Json.GetProperty("error").GetProperty("line").GetInt32());
        Assert.True(results[4].IsError);
        Assert.Equal("invalidArguments", results[4].Json.GetProperty("status").GetString());
    }

    private static JsonElement RunClient(string calls, string[] server)
    {
        // No silent skip: without the client's packages this test cannot say anything about interoperability.
        Assert.True(Directory.Exists(Path.Combine(ClientDirectory, "node_modules", "@modelcontextprotocol", "sdk")),
            $"The TypeScript MCP client is not installed: run `npm ci` in {ClientDirectory} (the test project's build does; see its output).");
        var result = ProcessRunner.Run("node", ["client.mjs", calls, .. server], workingDirectory: ClientDirectory, timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"The node client failed ({result.ExitCode}):\n{result.Output}");
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }
}
