using System.Diagnostics.Metrics;
using MicroPython.Sandbox.Telemetry;
using Microsoft.Extensions.Logging;

namespace MicroPython.Sandbox.AspNetCore;

/// <summary>
/// Logs and metrics of the endpoint, named and shaped like the agent package's (<c>mpsandbox.tool.*</c> there,
/// <c>mpsandbox.endpoint.*</c> here; the same event ids for the same events) so one dashboard reads both. Logs carry
/// status, duration and limits; code and output only when the host opts in
/// (<see cref="PythonSandboxEndpointOptions.LogCode"/>, <see cref="PythonSandboxEndpointOptions.LogOutput"/>).
/// </summary>
internal sealed partial class PythonEndpointTelemetry : IDisposable
{
    private readonly ILogger _logger;
    private readonly RunMetrics _metrics;
    private readonly Counter<long> _rejected;
    private readonly UpDownCounter<long> _active;

    public PythonEndpointTelemetry(ILogger logger, IMeterFactory? meterFactory)
    {
        _logger = logger;
        _metrics = new RunMetrics(meterFactory, PythonSandboxEndpointOptions.MeterName, "mpsandbox.endpoint", "the Python endpoint", "from the parsed request to the result");
        var meter = _metrics.Meter;
        _rejected = meter.CreateCounter<long>("mpsandbox.endpoint.rejected", "{request}", "Requests refused before running, by reason.");
        _active = meter.CreateUpDownCounter<long>("mpsandbox.endpoint.active_runs", "{run}", "Runs in progress.");
    }

    public ILogger Logger => _logger;

    public void RunStarted() => _active.Add(1);

    public void Run(string status, double milliseconds, bool limitHit, string requestId)
    {
        _active.Add(-1);
        _metrics.Record(status, milliseconds, limitHit);
        if (limitHit) LimitHit(_logger, status, milliseconds, requestId);
        else RunEnded(_logger, status, milliseconds, requestId);
    }

    public void Rejected(string reason, int statusCode, string detail)
    {
        _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
        RequestRefused(_logger, statusCode, reason, detail);
    }

    public void Dispose() => _metrics.Dispose();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Python run ended {Status} in {DurationMs:0.###} ms (request {RequestId}).")]
    private static partial void RunEnded(ILogger logger, string status, double durationMs, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Python run stopped by a limit: {Status} after {DurationMs:0.###} ms (request {RequestId}).")]
    private static partial void LimitHit(ILogger logger, string status, double durationMs, string requestId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Python code to run:\n{Code}")]
    public static partial void Code(ILogger logger, string code);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Python endpoint result: {Result}")]
    public static partial void Output(ILogger logger, string result);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Python request refused with {StatusCode} ({Reason}): {Detail}")]
    private static partial void RequestRefused(ILogger logger, int statusCode, string reason, string detail);
}
