using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace MicroPython.Sandbox.AspNetCore;

/// <summary>
/// The rate limiting policy of the endpoint: one concurrency limiter for the whole process (runs compete for the same
/// processors whoever sends them), refusing with the configured status and <c>Retry-After</c> when it and its queue are full.
/// </summary>
internal sealed class PythonSandboxConcurrencyPolicy(PythonSandboxEndpoint endpoint) : IRateLimiterPolicy<string>
{
    private const string Partition = "python";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        httpContext.Items[PythonSandboxEndpoint.LimiterMarker] = PythonSandboxEndpoint.LimiterMarker;
        var options = endpoint.Options;
        return RateLimitPartition.GetConcurrencyLimiter(Partition, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrentRuns,
            QueueLimit = options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    private async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var options = endpoint.Options;
        string detail = $"All {options.MaxConcurrentRuns} run slots and the queue of {options.QueueLimit} are taken; try again shortly.";
        endpoint.Telemetry.Rejected("concurrency", options.RejectionStatusCode, detail);
        context.HttpContext.Response.Headers.RetryAfter = "1";
        await PythonSandboxEndpoint.WriteProblemAsync(context.HttpContext, options.RejectionStatusCode, detail).ConfigureAwait(false);
    }
}
