using System.Text.Json;
using Microsoft.Extensions.AI;

namespace MicroPython.Sandbox.Extensions.AI.Tests;

/// <summary>
/// A chat client that plays a model from a script: each response is the next scripted function call (or a final
/// text when the script is done), and every function result the invoking client sends back is recorded.
/// </summary>
internal sealed class ScriptedChatClient(params (string Tool, Dictionary<string, object?> Arguments)[] calls) : IChatClient
{
    private readonly Queue<(string Tool, Dictionary<string, object?> Arguments)> _calls = new(calls);
    private int _callId;

    public List<FunctionResultContent> Results { get; } = [];

    public void Enqueue(string tool, Dictionary<string, object?> arguments) => _calls.Enqueue((tool, arguments));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var last = messages.LastOrDefault();
        if (last is not null) Results.AddRange(last.Contents.OfType<FunctionResultContent>());
        if (_calls.TryDequeue(out var call))
        {
            var content = new FunctionCallContent($"call{++_callId}", call.Tool, call.Arguments);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [content])));
        }
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "done")));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    /// <summary>Code as the model sends it: a JSON string, as a chat service's parsed arguments hold it.</summary>
    public static Dictionary<string, object?> Code(string code, bool reset = false)
    {
        var arguments = new Dictionary<string, object?> { ["code"] = JsonSerializer.SerializeToElement(code) };
        if (reset) arguments["reset"] = JsonSerializer.SerializeToElement(true);
        return arguments;
    }
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
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks = DateTimeOffset.UtcNow.UtcTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
}
