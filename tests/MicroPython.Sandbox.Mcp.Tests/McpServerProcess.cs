using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace MicroPython.Sandbox.Mcp.Tests;

/// <summary>
/// The real <c>mpsandbox mcp</c> command (the framework-dependent build next to the tests, <c>dotnet mpsandbox.dll mcp</c>),
/// as an MCP client starts it: a child process spoken to over its standard input and output.
/// </summary>
internal static class McpServerProcess
{
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "mpsandbox.dll");

    /// <summary>The command line that starts the server with <paramref name="options"/> (limits, mounts, files).</summary>
    public static string[] CommandLine(params string[] options) => ["dotnet", Dll, "mcp", .. options];

    /// <summary>Starts the server and connects the C# SDK's client to it.</summary>
    public static Task<McpClient> ConnectAsync(params string[] options)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "mpsandbox",
            Command = "dotnet",
            Arguments = [Dll, "mcp", .. options],
        });
        return McpClient.CreateAsync(transport, cancellationToken: TestContext.Timeout);
    }

    /// <summary>Calls a tool and returns its result: the JSON object the model reads, and whether the call is marked as an error.</summary>
    public static async Task<(JsonElement Json, bool IsError)> CallAsync(this McpClient client, string tool, IReadOnlyDictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Timeout);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        return (JsonDocument.Parse(text).RootElement.Clone(), result.IsError == true);
    }

    public static Task<(JsonElement Json, bool IsError)> RunAsync(this McpClient client, string code) =>
        client.CallAsync("run_python", new Dictionary<string, object?> { ["code"] = code });

    public static Task<(JsonElement Json, bool IsError)> ExecuteAsync(this McpClient client, string code, bool reset = false) =>
        client.CallAsync("execute_python", reset
            ? new Dictionary<string, object?> { ["code"] = code, ["reset"] = true }
            : new Dictionary<string, object?> { ["code"] = code });

    public static string Str(this JsonElement json, string name) => json.GetProperty(name).GetString()!;
}

/// <summary>A generous limit for one test's protocol traffic: a cold build loads the engine on its first run.</summary>
internal static class TestContext
{
    public static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;
}
