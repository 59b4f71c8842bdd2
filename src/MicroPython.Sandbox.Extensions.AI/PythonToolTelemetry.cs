using System.Diagnostics.Metrics;
using MicroPython.Sandbox.Telemetry;
using Microsoft.Extensions.Logging;

namespace MicroPython.Sandbox.Extensions.AI;

/// <summary>
/// Logs and metrics of a <see cref="PythonSandboxFunction"/>. Logs carry status, duration and limits; code and output
/// only when the developer opts in (<see cref="PythonToolOptions.LogCode"/>, <see cref="PythonToolOptions.LogOutput"/>),
/// because both can hold what users typed.
/// </summary>
internal sealed partial class PythonToolTelemetry : IDisposable
{
    private readonly ILogger _logger;
    private readonly RunMetrics _metrics;
    private readonly Counter<long> _toolCalls;
    private readonly Counter<long> _evictions;
    private readonly UpDownCounter<long> _sessions;

    public PythonToolTelemetry(ILogger logger, IMeterFactory? meterFactory)
    {
        _logger = logger;
        _metrics = new RunMetrics(meterFactory, PythonSandboxFunction.MeterName, "mpsandbox.tool", "the Python tool", "from arguments to result");
        var meter = _metrics.Meter;
        _toolCalls = meter.CreateCounter<long>("mpsandbox.tool.code_mode_calls", "{call}", "Calls from Python to the host's tools, by tool and outcome.");
        _evictions = meter.CreateCounter<long>("mpsandbox.tool.session_evictions", "{session}", "Sessions disposed to make room or after idling, by reason.");
        _sessions = meter.CreateUpDownCounter<long>("mpsandbox.tool.sessions", "{session}", "Resident sessions.");
    }

    public ILogger Logger => _logger;

    public void Run(string status, double milliseconds, bool limitHit, string? conversationId)
    {
        _metrics.Record(status, milliseconds, limitHit);
        if (limitHit) LimitHit(_logger, status, milliseconds, conversationId ?? "-");
        else RunEnded(_logger, status, milliseconds, conversationId ?? "-");
    }

    public void ToolCall(string tool, string outcome)
    {
        _toolCalls.Add(1, new KeyValuePair<string, object?>("tool", tool), new KeyValuePair<string, object?>("outcome", outcome));
        ToolCalled(_logger, tool, outcome);
    }

    public void SessionStarted(string conversationId)
    {
        _sessions.Add(1);
        SessionCreated(_logger, conversationId);
    }

    public void SessionEnded(string conversationId, string reason)
    {
        _sessions.Add(-1);
        if (reason != "disposed") _evictions.Add(1, new KeyValuePair<string, object?>("reason", reason));
        SessionDisposed(_logger, conversationId, reason);
    }

    public void Dispose() => _metrics.Dispose();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Python run ended {Status} in {DurationMs:0.###} ms (conversation {ConversationId}).")]
    private static partial void RunEnded(ILogger logger, string status, double durationMs, string conversationId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Python run stopped by a limit: {Status} after {DurationMs:0.###} ms (conversation {ConversationId}).")]
    private static partial void LimitHit(ILogger logger, string status, double durationMs, string conversationId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Python code called tool {Tool}: {Outcome}.")]
    private static partial void ToolCalled(ILogger logger, string tool, string outcome);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Python session started for conversation {ConversationId}.")]
    private static partial void SessionCreated(ILogger logger, string conversationId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Python session of conversation {ConversationId} disposed ({Reason}).")]
    private static partial void SessionDisposed(ILogger logger, string conversationId, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Python code to run:\n{Code}")]
    public static partial void Code(ILogger logger, string code);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Python tool result: {Result}")]
    public static partial void Output(ILogger logger, string result);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Python tool call refused: {Reason}")]
    public static partial void InvalidArguments(ILogger logger, string reason);
}
