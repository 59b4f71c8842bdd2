using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace MicroPython.Sandbox.Cli.Tests;

/// <summary>
/// <c>mpsandbox mcp</c> in the native build: the MCP SDK's server, with tools registered as instances and JSON from
/// source-generated contexts, works ahead-of-time compiled. (The managed build is tested in MicroPython.Sandbox.Mcp.Tests.)
/// </summary>
[Trait("Category", "NativeAot")]
public sealed class CliMcpTests
{
    [Fact]
    public async Task TheNativeMcpServerListsItsToolsKeepsASessionAndReportsErrorsAsResults()
    {
        // The native build is published on first use, which can take minutes: the time allowed for the calls starts after.
        string[] command = CliProcess.Native.CommandLine;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "mpsandbox",
            Command = command[0],
            Arguments = [.. command[1..], "mcp", "--timeout", "2s"],
        });
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: timeout.Token);

        var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
        await Call(client, "execute_python", "total = 40", timeout.Token);
        var (sum, sumError) = await Call(client, "execute_python", "total + 2", timeout.Token);
        var (error, errorIsError) = await Call(client, "run_python", "\nint('x')", timeout.Token);
        var (slow, slowIsError) = await Call(client, "run_python", "while True: pass", timeout.Token);

        Assert.Equal(["execute_python", "run_python"], tools.Select(t => t.Name).Order());
        Assert.Contains("2 s", tools[0].Description, StringComparison.Ordinal);
        Assert.False(sumError);
        Assert.Equal("42", sum.GetProperty("valueRepr").GetString());
        Assert.True(errorIsError);
        Assert.Equal("ValueError", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(2, error.GetProperty("error").GetProperty("line").GetInt32());
        Assert.True(slowIsError);
        Assert.Equal("timeLimitExceeded", slow.GetProperty("status").GetString());
    }

    private static async Task<(JsonElement Json, bool IsError)> Call(McpClient client, string tool, string code, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync(tool, new Dictionary<string, object?> { ["code"] = code }, cancellationToken: cancellationToken);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        return (JsonDocument.Parse(text).RootElement.Clone(), result.IsError == true);
    }
}
