using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace MicroPython.Sandbox.AspNetCore;

/// <summary>
/// The request handler behind <see cref="PythonSandboxEndpointRouteBuilderExtensions.MapPythonSandbox"/>: checks and
/// reads the body, runs it in a fresh sandbox that is gone when the request ends, and answers with the run's
/// <see cref="RunReport"/>. Every run outcome (a Python error, a limit hit) is a 200 answer with the report; 4xx/5xx
/// answers are for requests that never ran.
/// </summary>
internal sealed class PythonSandboxEndpoint : IDisposable
{
    /// <summary>The global that holds the input while the function is called; a name the user's code will not clash with.</summary>
    internal const string InputGlobal = "__mpsandbox_input__";

    /// <summary>The global that holds the input when no function is named.</summary>
    internal const string DataGlobal = "data";

    /// <summary>Set in <see cref="HttpContext.Items"/> by the rate limiting policy, so a missing <c>UseRateLimiter</c> is noticed.</summary>
    internal static readonly object LimiterMarker = new();

    private readonly PythonSandboxEndpointOptions _options;
    private readonly SandboxRuntime _runtime;

    public PythonSandboxEndpoint(PythonSandboxEndpointOptions options, PythonEndpointTelemetry telemetry)
    {
        options.Validate();
        _options = options;
        _runtime = options.Runtime ?? SandboxRuntime.Shared;
        Telemetry = telemetry;
    }

    public PythonEndpointTelemetry Telemetry { get; }

    public PythonSandboxEndpointOptions Options => _options;

    public async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        if (!context.Items.ContainsKey(LimiterMarker)) ThrowNoLimiter();
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, "media_type", "Send the request as JSON (Content-Type: application/json).").ConfigureAwait(false);
            return;
        }
        if (request.ContentLength > _options.MaxRequestBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "too_large", TooLarge()).ConfigureAwait(false);
            return;
        }
        // The server stops a body without a declared length at the cap too, before it is all buffered.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = _options.MaxRequestBytes;

        byte[] body;
        int length;
        using (var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(aborted))
        {
            readTimeout.CancelAfter(_options.RequestBodyTimeout);
            try
            {
                (body, length) = await ReadBodyAsync(request.Body, request.ContentLength, _options.MaxRequestBytes, readTimeout.Token).ConfigureAwait(false);
            }
            catch (BodyTooLargeException)
            {
                await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "too_large", TooLarge()).ConfigureAwait(false);
                return;
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "too_large", TooLarge()).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                Telemetry.Rejected("client_gone", 499, "The client went away while sending its request.");
                return;
            }
            catch (OperationCanceledException)
            {
                await RefuseAsync(context, StatusCodes.Status408RequestTimeout, "slow_body",
                    $"The request body did not arrive within {_options.RequestBodyTimeout.TotalSeconds:0.###} s.").ConfigureAwait(false);
                return;
            }
            catch (IOException) when (aborted.IsCancellationRequested)
            {
                Telemetry.Rejected("client_gone", 499, "The client went away while sending its request.");
                return;
            }
        }

        if (!PythonRunRequest.TryParse(body.AsMemory(0, length), out var document, out var run, out string? problem))
        {
            document?.Dispose();
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "bad_request", problem!).ConfigureAwait(false);
            return;
        }
        using (document)
        {
            var sandbox = _options.Sandbox;
            if (run!.InputBytes > sandbox.MaxHostValueBytes)
            {
                await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "input_too_large",
                    $"The input is {run.InputBytes:N0} bytes of JSON; the limit is {sandbox.MaxHostValueBytes:N0}.").ConfigureAwait(false);
                return;
            }
            await RunAsync(context, run, aborted).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(HttpContext context, PythonRunRequest run, CancellationToken aborted)
    {
        var log = Telemetry.Logger;
        if (_options.LogCode) PythonEndpointTelemetry.Code(log, run.Code);
        long started = Stopwatch.GetTimestamp();
        Telemetry.RunStarted();
        RunResult result;
        string code = run.Code;
        var session = new PythonSession(_runtime, Tighten(_options.Sandbox, run));
        await using (session.ConfigureAwait(false))
        {
            try
            {
                if (run.Function is { } function)
                {
                    session.Globals[InputGlobal] = run.Input;
                    // The call goes on a line of its own after the code, so the run's value is the function's result
                    // and every line number the user sees in an error is still the line of their code.
                    code = string.Concat(code, "\n", function, "(", InputGlobal, ")\n");
                }
                else if (run.Input is { } input) session.Globals[DataGlobal] = input;
            }
            catch (ArgumentException e)
            {
                // Over the sandbox's value depth: the input cannot become a Python value.
                Telemetry.Run("refused", Stopwatch.GetElapsedTime(started).TotalMilliseconds, false, context.TraceIdentifier);
                await RefuseAsync(context, StatusCodes.Status400BadRequest, "bad_input", "The input cannot be passed to Python: " + e.Message).ConfigureAwait(false);
                return;
            }
            try
            {
                result = await session.RunAsync(code, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                result = new RunResult { Status = RunStatus.Cancelled, Stdout = "", Stderr = "", Message = "The client went away." };
            }
        }

        // The sandbox is thrown away with the request, so "rolled back" would describe work nobody can observe.
        var report = RunReport.From(result) with { RolledBack = null };
        bool limit = result.Status is RunStatus.TimeLimitExceeded or RunStatus.MemoryLimitExceeded or RunStatus.FuelExhausted
            or RunStatus.OutputLimitExceeded or RunStatus.SourceTooLarge;
        Telemetry.Run(report.Status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, limit, context.TraceIdentifier);
        // A client that went away is not answered; the cancelled run has already freed its sandbox.
        if (aborted.IsCancellationRequested) return;

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        var buffer = new MemoryStream();
        await using (buffer.ConfigureAwait(false))
        {
            using (var writer = new Utf8JsonWriter(buffer))
                WriteResponse(writer, report, result, run.Function is not null);
            if (_options.LogOutput && log.IsEnabled(LogLevel.Debug))
            {
                string text = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
                PythonEndpointTelemetry.Output(log, text);
            }
            response.ContentLength = buffer.Length;
            try
            {
                await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                // The client left while the answer was on its way.
            }
        }
    }

    /// <summary>The host's limits, with each limit the request names used instead when it is tighter.</summary>
    internal static SandboxOptions Tighten(SandboxOptions host, PythonRunRequest run)
    {
        if (run.Timeout is null && run.MemoryBytes is null && run.Fuel is null && run.MaxOutputBytes is null) return host;
        var options = new SandboxOptions
        {
            MemoryLimit = Math.Max(SandboxOptions.MinimumMemoryLimit, Math.Min(host.MemoryLimit, run.MemoryBytes ?? long.MaxValue)),
            Timeout = run.Timeout is { } t && t < host.Timeout ? t : host.Timeout,
            Fuel = (host.Fuel, run.Fuel) switch
            {
                (null, var asked) => asked,
                (var allowed, null) => allowed,
                (var allowed, var asked) => Math.Min(allowed.Value, asked.Value),
            },
            MaxOutputBytes = Math.Min(host.MaxOutputBytes, run.MaxOutputBytes ?? long.MaxValue),
            MaxSourceBytes = host.MaxSourceBytes,
            MaxFileSystemBytes = host.MaxFileSystemBytes,
            MaxFiles = host.MaxFiles,
            MaxFileBytes = host.MaxFileBytes,
            MaxHostValueBytes = host.MaxHostValueBytes,
            MaxHostValueDepth = host.MaxHostValueDepth,
            MaxHostCalls = host.MaxHostCalls,
        };
        // A memory limit below the engine's minimum is raised to it, never past the host's own.
        if (options.MemoryLimit > host.MemoryLimit) options.MemoryLimit = host.MemoryLimit;
        foreach (var file in host.Files) options.Files.Add(file.Path, file.Content.ToArray());
        foreach (var mount in host.Mounts) options.Mounts.Add(mount.HostDirectory, mount.GuestPath, mount.Writable);
        return options;
    }

    /// <summary>
    /// Writes the report, plus <c>result</c>: the function's return value (or the value of the code's last line) as
    /// JSON. <c>valueRepr</c> is left out when <c>result</c> carries the value, and kept, with <c>resultError</c>, when
    /// the value has no JSON form.
    /// </summary>
    internal void WriteResponse(Utf8JsonWriter writer, RunReport report, RunResult result, bool calledFunction)
    {
        bool hasValue = result.Status == RunStatus.Completed && result.ValueRepr is not null;
        bool valueIsData = hasValue && (result.Value is not null || result.ValueRepr == "None");
        if (valueIsData) report = report with { ValueRepr = null };
        var node = JsonSerializer.SerializeToNode(report, RunReportJsonContext.Default.RunReport)!.AsObject();
        writer.WriteStartObject();
        foreach (var (name, value) in node)
        {
            writer.WritePropertyName(name);
            if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer);
        }
        if (valueIsData)
        {
            writer.WritePropertyName("result");
            WriteValue(writer, result.Value);
        }
        else if (hasValue)
        {
            writer.WriteString("resultError", string.Create(CultureInfo.InvariantCulture,
                $"The {(calledFunction ? "function's return value" : "value of the last line")} cannot be sent as JSON: it is not made of None, bool, int, float, str, bytes, list, tuple and dict with str keys, or it is over {_options.Sandbox.MaxHostValueBytes:N0} bytes."));
        }
        else if (calledFunction && result.Status == RunStatus.Completed)
        {
            // The code called sys.exit before the function ran.
            writer.WriteString("resultError", "The code exited before the function was called.");
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes a value in the natural .NET form the session gives Python values.</summary>
    internal static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            // JSON has no NaN or infinity; JavaScript's JSON.stringify writes null for them too.
            case double: writer.WriteNullValue(); break;
            case BigInteger big: writer.WriteRawValue(big.ToString(CultureInfo.InvariantCulture), skipInputValidation: true); break;
            case string s: writer.WriteStringValue(s); break;
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            case IDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }
                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable items:
                writer.WriteStartArray();
                foreach (object? item in items) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    private string TooLarge() => $"The request is over {_options.MaxRequestBytes:N0} bytes.";

    private async Task RefuseAsync(HttpContext context, int statusCode, string reason, string detail)
    {
        Telemetry.Rejected(reason, statusCode, detail);
        if (context.RequestAborted.IsCancellationRequested || context.Response.HasStarted) return;
        await WriteProblemAsync(context, statusCode, detail).ConfigureAwait(false);
    }

    /// <summary>A small <c>application/problem+json</c> answer (RFC 9457) written without reflection.</summary>
    internal static async Task WriteProblemAsync(HttpContext context, int statusCode, string detail)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/problem+json; charset=utf-8";
        if (statusCode == StatusCodes.Status413PayloadTooLarge) response.Headers.Connection = "close";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("status", statusCode);
            writer.WriteString("title", ReasonPhrases(statusCode));
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }
        try
        {
            await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // Nobody left to read it.
        }
    }

    private static string ReasonPhrases(int statusCode) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(statusCode) is { Length: > 0 } phrase ? phrase : "Error";

    private static async Task<(byte[] Body, int Length)> ReadBodyAsync(Stream body, long? declared, long max, CancellationToken cancellationToken)
    {
        // A declared length within the cap is trusted for the first allocation only; the bytes actually read decide.
        var buffer = new byte[declared is { } d and > 0 ? (int)d : (int)Math.Min(max, 16 * 1024)];
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length >= max)
                {
                    // One byte more than the cap proves the body is too large.
                    int extra = await body.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false);
                    if (extra == 0) return (buffer, length);
                    throw new BodyTooLargeException();
                }
                Array.Resize(ref buffer, (int)Math.Min(max, (long)buffer.Length * 2));
            }
            int read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0) return (buffer, length);
            length += read;
        }
    }

    private static void ThrowNoLimiter() =>
        throw new InvalidOperationException(
            "The Python sandbox endpoint runs only behind ASP.NET Core's rate limiting, which bounds concurrent runs: call app.UseRateLimiter() after routing (after app.UseRouting() when it is called) and before the endpoints.");

    public void Dispose() => Telemetry.Dispose();

    private sealed class BodyTooLargeException : Exception;
}
