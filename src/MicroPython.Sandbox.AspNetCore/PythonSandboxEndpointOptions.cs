namespace MicroPython.Sandbox.AspNetCore;

/// <summary>
/// Settings of the endpoint that <see cref="PythonSandboxEndpointRouteBuilderExtensions.MapPythonSandbox"/> maps:
/// the host's limits for every run, how large and how slow a request may be, and how many runs may go at once.
/// </summary>
/// <remarks>
/// A request may name limits of its own (<c>"limits": {"timeoutMs": 500}</c>); each is used only when it is tighter
/// than the host's limit in <see cref="Sandbox"/>, so no request can run longer, larger or louder than the host allows.
/// </remarks>
public sealed class PythonSandboxEndpointOptions
{
    /// <summary>The name of the rate limiting policy that bounds concurrent runs (see <see cref="MaxConcurrentRuns"/>).</summary>
    public const string RateLimiterPolicyName = "MicroPython.Sandbox.AspNetCore";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> behind the endpoint's metrics.</summary>
    public const string MeterName = "MicroPython.Sandbox.AspNetCore";

    /// <summary>
    /// The host's limits for each run (memory, time, fuel, output, source size, the size of a request's input through
    /// <see cref="SandboxOptions.MaxHostValueBytes"/> and of the function's return value through
    /// <see cref="SandboxOptions.MaxFileBytes"/>, ...), and any files or read-only mounts every run sees (except
    /// <c>/input.json</c>, where each request's input goes).
    /// The streams (<see cref="SandboxOptions.StandardOutput"/> and the like) must stay unset: each request collects
    /// its own output. Defaults: the <see cref="SandboxOptions"/> defaults with a 2-second time limit.
    /// </summary>
    public SandboxOptions Sandbox { get; set; } = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>The runtime whose compiled engine the sandboxes come from; null for <see cref="SandboxRuntime.Shared"/>.</summary>
    public SandboxRuntime? Runtime { get; set; }

    /// <summary>
    /// Largest request body accepted, in bytes (default 1 MiB): code, input data and all. A larger body is refused with
    /// 413 before it is read when its length is declared, and as soon as the cap is passed when it is not.
    /// </summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long a client may take to send its request body (default 10 s); a slower one is answered 408, so slow
    /// clients cannot hold the endpoint's concurrency slots.
    /// </summary>
    public TimeSpan RequestBodyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Most requests running at once across the process (default: the number of processors; a run keeps one busy).
    /// Enforced with ASP.NET Core's rate limiting (a concurrency limiter under <see cref="RateLimiterPolicyName"/>).
    /// </summary>
    public int MaxConcurrentRuns { get; set; } = Environment.ProcessorCount;

    /// <summary>Requests that may wait for a free slot (default 32, oldest first); past it they are refused with <see cref="RejectionStatusCode"/>.</summary>
    public int QueueLimit { get; set; } = 32;

    /// <summary>The status of a request refused because all slots and the queue are full (default 503, with <c>Retry-After: 1</c>); 429 is the other usual choice.</summary>
    public int RejectionStatusCode { get; set; } = 503;

    /// <summary>Log each request's code at Debug level (default false: code can hold what users typed).</summary>
    public bool LogCode { get; set; }

    /// <summary>Log each run's report at Debug level (default false: output can hold users' data).</summary>
    public bool LogOutput { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Sandbox, nameof(Sandbox));
        Sandbox.Validate();
        if (Sandbox.StandardOutput is not null || Sandbox.StandardError is not null || Sandbox.StandardInput is not null)
            throw new ArgumentException("The endpoint's sandbox options cannot set StandardOutput, StandardError or StandardInput: each request collects its own output.", nameof(Sandbox));
        if (Sandbox.Files.Any(f => f.Path == PythonSandboxEndpoint.InputPath))
            throw new ArgumentException($"The endpoint's sandbox options cannot hold a file at {PythonSandboxEndpoint.InputPath}: that is where each request's input goes.", nameof(Sandbox));
        if (Sandbox.Timeout == Timeout.InfiniteTimeSpan)
            throw new ArgumentException("The endpoint's sandbox options need a finite Timeout: a request's run must end.", nameof(Sandbox));
        if (MaxRequestBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxRequestBytes), MaxRequestBytes, "MaxRequestBytes must be positive.");
        if (RequestBodyTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RequestBodyTimeout), RequestBodyTimeout, "RequestBodyTimeout must be positive.");
        if (MaxConcurrentRuns <= 0) throw new ArgumentOutOfRangeException(nameof(MaxConcurrentRuns), MaxConcurrentRuns, "MaxConcurrentRuns must be positive.");
        if (QueueLimit < 0) throw new ArgumentOutOfRangeException(nameof(QueueLimit), QueueLimit, "QueueLimit cannot be negative.");
        if (RejectionStatusCode is < 400 or > 599) throw new ArgumentOutOfRangeException(nameof(RejectionStatusCode), RejectionStatusCode, "RejectionStatusCode must be a 4xx or 5xx status.");
    }
}
