// Per-call overhead of the agent tools over the run itself (issue: agents), measured with Stopwatch: the same tiny
// snippet run by a bare PythonSession, by the session tool (PythonSandboxFunction bound to a conversation) and by the
// CodeAct function (MicroPythonExecuteCodeFunction, which adds the CodeAct result shape), interleaved call by call on
// one runtime so machine noise hits all three alike. Medians and ratios; nothing is asserted.
// Run with `dotnet run -c Release -- tool [calls]`.
using System.Diagnostics;
using System.Text.Json;
using MicroPython.Sandbox.Agents;
using MicroPython.Sandbox.Extensions.AI;
using Microsoft.Extensions.AI;

namespace MicroPython.Sandbox.Benchmarks;

internal static class ToolMeasurements
{
    public static async Task Run(int calls)
    {
        const string Snippet = "x = 1";
        await using var session = new PythonSession(BenchRuntime.Runtime, new SandboxOptions());
        await using var python = new PythonSandboxFunction(new PythonToolOptions { Runtime = BenchRuntime.Runtime });
        await using var codeAct = new MicroPythonExecuteCodeFunction(new MicroPythonCodeActOptions { ConfigurePython = p => p.Runtime = BenchRuntime.Runtime });
        var tool = python.ForConversation("bench");
        var codeActTool = codeAct.AsAIFunction("bench");
        // The arguments as a chat client's function invocation passes them: the model's JSON, parsed.
        var arguments = new AIFunctionArguments { ["code"] = JsonSerializer.SerializeToElement(Snippet) };

        for (int i = 0; i < 500; i++)
        {
            await session.RunAsync(Snippet);
            await tool.InvokeAsync(arguments);
            await codeActTool.InvokeAsync(arguments);
        }
        var bare = new double[calls];
        var throughTool = new double[calls];
        var throughCodeAct = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            long t = Stopwatch.GetTimestamp();
            await session.RunAsync(Snippet);
            bare[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            t = Stopwatch.GetTimestamp();
            await tool.InvokeAsync(arguments);
            throughTool[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            t = Stopwatch.GetTimestamp();
            await codeActTool.InvokeAsync(arguments);
            throughCodeAct[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }
        double run = Median(bare), viaTool = Median(throughTool), viaCodeAct = Median(throughCodeAct);
        Console.WriteLine($"'{Snippet}', {calls:N0} calls each, interleaved; medians:");
        Console.WriteLine($"  PythonSession.RunAsync (the run itself)       {run,8:F1} us");
        Console.WriteLine($"  PythonSandboxFunction (session tool)          {viaTool,8:F1} us  overhead {viaTool - run,6:F1} us  ratio {viaTool / run:F2}");
        Console.WriteLine($"  MicroPythonExecuteCodeFunction (execute_code) {viaCodeAct,8:F1} us  overhead {viaCodeAct - run,6:F1} us  ratio {viaCodeAct / run:F2}");
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}
