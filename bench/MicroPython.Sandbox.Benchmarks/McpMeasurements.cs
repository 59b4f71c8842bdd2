using System.Diagnostics;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace MicroPython.Sandbox.Benchmarks;

/// <summary>
/// Per-call cost of the MCP server's session tool for a tiny snippet: the round trip of <c>execute_python</c> from the C#
/// SDK's client to <c>mpsandbox mcp</c> over stdio, against the same snippet run directly on a resident
/// <see cref="PythonSession"/> in this process, measured in the same run. The difference is what the tool layer (arguments,
/// result JSON, trimming) and the protocol (JSON-RPC over pipes, two process hops) add to a call.
/// </summary>
internal static class McpMeasurements
{
    private const string Snippet = "x = x + 1 if 'x' in globals() else 1\nx";

    public static async Task RunAsync(string command, string[] arguments, int iterations)
    {
        var bare = new double[iterations];
        await using (var session = new PythonSession(new SandboxOptions()))
        {
            for (int i = 0; i < 200; i++) await session.RunAsync(Snippet);
            for (int i = 0; i < iterations; i++)
            {
                long start = Stopwatch.GetTimestamp();
                var result = await session.RunAsync(Snippet);
                bare[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                if (!result.IsSuccess) throw new InvalidOperationException(result.Message);
            }
        }

        var overStdio = new double[iterations];
        var ping = new double[iterations];
        var transport = new StdioClientTransport(new StdioClientTransportOptions { Name = "mpsandbox", Command = command, Arguments = [.. arguments, "mcp"] });
        await using (var client = await McpClient.CreateAsync(transport))
        {
            var call = new Dictionary<string, object?> { ["code"] = Snippet };
            for (int i = 0; i < 200; i++) await client.CallToolAsync("execute_python", call);
            for (int i = 0; i < iterations; i++)
            {
                long start = Stopwatch.GetTimestamp();
                var result = await client.CallToolAsync("execute_python", call);
                overStdio[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                if (result.IsError == true) throw new InvalidOperationException("The call failed.");
            }
            // The protocol's own floor: a call of a tool the server does not have makes the same trip through both SDKs
            // and the pipes and comes back as a small error, with no tool behind it.
            var none = new Dictionary<string, object?>();
            for (int i = 0; i < iterations; i++)
            {
                long start = Stopwatch.GetTimestamp();
                try
                {
                    await client.CallToolAsync("no_such_tool", none);
                }
                catch (McpProtocolException)
                {
                }
                ping[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        double bareMedian = Median(bare), mcpMedian = Median(overStdio), pingMedian = Median(ping);
        Console.WriteLine($"tiny snippet, {iterations} calls each, median:");
        Console.WriteLine($"  bare session run (in process):      {bareMedian,8:0.0} us");
        Console.WriteLine($"  execute_python over MCP stdio:      {mcpMedian,8:0.0} us  ({mcpMedian / bareMedian:0.0}x the bare run)");
        Console.WriteLine($"  unknown tool over stdio (floor):    {pingMedian,8:0.0} us");
        Console.WriteLine($"  overhead per call:                  {mcpMedian - bareMedian,8:0.0} us  (protocol round trip {pingMedian:0.0} us, tool layer {mcpMedian - bareMedian - pingMedian:0.0} us)");
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
