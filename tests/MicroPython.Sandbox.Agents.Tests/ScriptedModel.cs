using System.Text.Json;
using Microsoft.Extensions.AI;

namespace MicroPython.Sandbox.Agents.Tests;

/// <summary>
/// A chat client that plays a model from a script. Each step sees what the model would see (the messages, the tools
/// and instructions it was given, the last tool result) and returns the model's next message: usually a call of a tool,
/// sometimes depending on the result it just read, as a model fixing its code does. When the script runs out it answers
/// with a final text. Everything it was sent is recorded for the test to check.
/// </summary>
internal sealed class ScriptedModel : IChatClient
{
    private readonly Queue<Func<ModelView, ChatMessage>> _steps = new();
    /// <summary>Tool results in the order the model read them (each once).</summary>
    public List<FunctionResultContent> Results { get; } = [];

    /// <summary>What each request offered: the tool names and the instructions (system messages and <see cref="ChatOptions.Instructions"/>).</summary>
    public List<(string[] Tools, string Instructions)> Requests { get; } = [];

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>Adds a step that calls <paramref name="tool"/> with fixed arguments.</summary>
    public ScriptedModel Then(string tool, Dictionary<string, object?> arguments) => Then(_ => Call(tool, arguments));

    /// <summary>Adds a step that runs <paramref name="code"/> with <c>execute_code</c>.</summary>
    public ScriptedModel ThenRun(string code) => Then("execute_code", Code(code));

    /// <summary>Adds a step computed from what the model sees.</summary>
    public ScriptedModel Then(Func<ModelView, ChatMessage> step)
    {
        _steps.Enqueue(step);
        return this;
    }

    /// <summary>Adds a final answer (ends the agent's turn even if more steps follow).</summary>
    public ScriptedModel ThenAnswer(string text) => Then(_ => new ChatMessage(ChatRole.Assistant, text));

    /// <summary>The model's message calling <paramref name="tool"/>.</summary>
    public static ChatMessage Call(string tool, Dictionary<string, object?> arguments) =>
        new(ChatRole.Assistant, [new FunctionCallContent("call-" + Guid.NewGuid().ToString("N"), tool, arguments)]);

    /// <summary>The model's message running <paramref name="code"/> with <c>execute_code</c>.</summary>
    public static ChatMessage Run(string code) => Call("execute_code", Code(code));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        FunctionResultContent? last = null;
        foreach (var result in list.SelectMany(m => m.Contents).OfType<FunctionResultContent>())
        {
            if (!_seen.Add(result.CallId)) continue;
            Results.Add(result);
            last = result;
        }
        string instructions = string.Join("\n", list.Where(m => m.Role == ChatRole.System).Select(m => m.Text).Append(options?.Instructions ?? ""));
        string[] tools = [.. (options?.Tools ?? []).Select(t => t.Name)];
        Requests.Add((tools, instructions));
        var view = new ModelView(list, tools, instructions, last);
        var message = _steps.TryDequeue(out var step) ? step(view) : new ChatMessage(ChatRole.Assistant, "done");
        return Task.FromResult(new ChatResponse(message));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The scripted model answers whole responses only.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    /// <summary>Code as a chat service's parsed arguments hold it: a JSON string.</summary>
    public static Dictionary<string, object?> Code(string code) => new() { ["code"] = JsonSerializer.SerializeToElement(code) };
}

/// <summary>What the scripted model sees when it picks its next message.</summary>
internal sealed record ModelView(IReadOnlyList<ChatMessage> Messages, string[] Tools, string Instructions, FunctionResultContent? LastResult)
{
    /// <summary>The last tool result as JSON (the CodeAct result).</summary>
    public JsonElement LastJson => LastResult?.Result is JsonElement json ? json : throw new InvalidOperationException("No JSON result to read: " + LastResult?.Result);
}

/// <summary>Reading the JSON results the tool returns.</summary>
internal static class ToolResults
{
    public static JsonElement Json(this FunctionResultContent result)
    {
        Assert.Null(result.Exception);
        return Assert.IsType<JsonElement>(result.Result);
    }

    public static string Str(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ToString() : "";

    public static bool Success(this JsonElement element) => element.GetProperty("success").GetBoolean();

    public static int ExitCode(this JsonElement element) => element.GetProperty("exit_code").GetInt32();
}
