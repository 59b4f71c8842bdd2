using System.Diagnostics;
using System.Runtime.InteropServices;
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
    /// <summary>Where the code finds the request's input, as JSON text (read-only).</summary>
    internal const string InputPath = "/input.json";

    /// <summary>Where the epilogue leaves the function's return value as JSON (or a NUL and its repr when it has no JSON form).</summary>
    internal const string ResultPath = "/tmp/.mpsandbox-result";

    /// <summary>
    /// Runs after the user's code when a function is named: calls it with the input and leaves its return value in
    /// <see cref="ResultPath"/>. MicroPython's own C JSON codec does the work: a one-shot run with it costs a few
    /// times less than starting a session to pass the value through the host bridge.
    /// </summary>
    internal const string Epilogue = """
        import _builtin as __mps_b
        __mps_j = __mps_b.load('json')
        with open('/input.json') as __mps_f:
            __mps_r = FUNCTION(__mps_j.loads(__mps_f.read()))
        try:
            __mps_t = __mps_j.dumps(__mps_r)
        except Exception:
            __mps_t = '\x00' + repr(__mps_r)[:2000]
        try:
            with open('/tmp/.mpsandbox-result', 'w') as __mps_f:
                __mps_f.write(__mps_t)
        except OSError:
            pass

        """;

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
        var options = OptionsFor(_options.Sandbox, run);
        // The call goes after the code, so every line number the user sees in an error is still the line of their code.
        string code = run.Function is { } function ? WithCall(run.Code, function) : run.Code;
        try
        {
            result = await _runtime.RunAsync(code, options, null, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            result = new RunResult { Status = RunStatus.Cancelled, Stdout = "", Stderr = "", Message = "The client went away." };
        }

        var report = RunReport.From(result);
        if (report.Files.Any(f => f.Path == ResultPath)) report = report with { Files = [.. report.Files.Where(f => f.Path != ResultPath)] };
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

    /// <summary>The code followed by the epilogue that calls <paramref name="function"/> with the input.</summary>
    internal static string WithCall(string code, string function) => string.Concat(code, "\n", Epilogue.Replace("FUNCTION", function, StringComparison.Ordinal));

    /// <summary>
    /// The host's limits, with each limit the request names used instead when it is tighter, and the request's input
    /// as the read-only file <see cref="InputPath"/>.
    /// </summary>
    internal static SandboxOptions OptionsFor(SandboxOptions host, PythonRunRequest run)
    {
        // Every other setting (stack, network, host values, files, mounts, ...) is the host's own.
        var options = new SandboxOptions(host)
        {
            // A memory limit below the engine's minimum is raised to it, never past the host's own.
            MemoryLimit = Math.Min(host.MemoryLimit, Math.Max(SandboxOptions.MinimumMemoryLimit, run.MemoryBytes ?? long.MaxValue)),
            Timeout = run.Timeout is { } t && t < host.Timeout ? t : host.Timeout,
            Fuel = (host.Fuel, run.Fuel) switch
            {
                (null, var asked) => asked,
                (var allowed, null) => allowed,
                (var allowed, var asked) => Math.Min(allowed.Value, asked.Value),
            },
            MaxOutputBytes = Math.Min(host.MaxOutputBytes, run.MaxOutputBytes ?? long.MaxValue),
            // The endpoint collects the output for the response and has no input stream.
            StandardOutput = null,
            StandardError = null,
            StandardInput = null,
        };
        options.Files.Add(InputPath, run.Input is { } input ? JsonMarshal.GetRawUtf8Value(input).ToArray() : "null"u8.ToArray());
        return options;
    }

    /// <summary>
    /// Writes the report, plus <c>result</c>: the function's return value as JSON; or, when it has no JSON form,
    /// <c>resultError</c> and <c>valueRepr</c> (its Python repr).
    /// </summary>
    internal static void WriteResponse(Utf8JsonWriter writer, RunReport report, RunResult result, bool calledFunction)
    {
        byte[]? json = null;
        string? problem = null;
        if (calledFunction && result.Status == RunStatus.Completed)
        {
            var file = result.Files.FirstOrDefault(f => f.Path == ResultPath);
            if (file is null) problem = "The code exited before the function's return value could be sent (sys.exit, or the value is over the file size limit).";
            else if (IsJson(file.Content.Span)) json = file.Content.ToArray();
            else
            {
                // A NUL and the repr when the encoder refused the value; otherwise what it wrote for a value JSON has
                // no form for (MicroPython writes a set as {5}, keeps int keys, writes nan): shown as written.
                var text = file.Content.Span;
                problem = "The function's return value cannot be sent as JSON: it is not made of None, bool, int, finite float, str, list, tuple and dict with str keys.";
                report = report with { ValueRepr = System.Text.Encoding.UTF8.GetString(text is [0, ..] ? text[1..] : text[..Math.Min(text.Length, 2000)]) };
            }
        }
        var node = JsonSerializer.SerializeToNode(report, RunReportJsonContext.Default.RunReport)!.AsObject();
        writer.WriteStartObject();
        foreach (var (name, value) in node)
        {
            writer.WritePropertyName(name);
            if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer);
        }
        if (json is not null)
        {
            writer.WritePropertyName("result");
            writer.WriteRawValue(json, skipInputValidation: true);
        }
        else if (problem is not null) writer.WriteString("resultError", problem);
        writer.WriteEndObject();
    }

    private static bool IsJson(ReadOnlySpan<byte> text)
    {
        var reader = new Utf8JsonReader(text, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
            }
            return reader.BytesConsumed == text.Length && reader.TokenType != JsonTokenType.None;
        }
        catch (JsonException)
        {
            return false;
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
