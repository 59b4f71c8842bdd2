using System.Text.Json;
using MicroPython.Sandbox.Extensions.AI;
using Microsoft.SemanticKernel;

namespace MicroPython.Sandbox.Agents.Tests;

/// <summary>The Python tool as a Semantic Kernel function: the same <see cref="PythonSandboxFunction"/>, no adapter of ours.</summary>
public sealed class SemanticKernelTests
{
    [Fact]
    public async Task ThePythonAIFunctionWorksAsAKernelFunctionInvokedThroughTheKernel()
    {
        await using var python = new PythonSandboxFunction();
        var kernel = Kernel.CreateBuilder().Build();
        var plugin = kernel.Plugins.AddFromFunctions("python", [python.AsKernelFunction()]);
        var function = plugin["execute_python"];
        Assert.Contains("MicroPython", function.Description, StringComparison.Ordinal);
        Assert.Contains(function.Metadata.Parameters, p => p.Name == "code" && p.IsRequired);

        var first = await kernel.InvokeAsync(function, new KernelArguments { ["code"] = "data = [3, 1, 2]\nsorted(data)" });
        var second = await kernel.InvokeAsync(function, new KernelArguments { ["code"] = "sum(data)" });
        var missing = await kernel.InvokeAsync(function, new KernelArguments());

        Assert.Equal("[1, 2, 3]", Result(first).GetProperty("valueRepr").GetString());
        // The kernel's calls share the tool's default conversation, so state carries over between them.
        Assert.Equal("6", Result(second).GetProperty("valueRepr").GetString());
        var refused = Result(missing);
        Assert.Equal("invalidArguments", refused.GetProperty("status").GetString());
        Assert.False(refused.GetProperty("success").GetBoolean());
    }

    private static JsonElement Result(FunctionResult result) => result.GetValue<object>() switch
    {
        JsonElement json => json,
        string text => JsonDocument.Parse(text).RootElement.Clone(),
        var other => throw new InvalidOperationException($"Unexpected kernel result {other?.GetType()}: {other}"),
    };
}
