using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MicroPython.Sandbox.Abi.Proxy;
using MicroPython.Sandbox.Limits;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Network;

/// <summary>
/// One run's HTTP access: the host side of <c>js.mpsandbox_http</c>, the single host call behind the library's
/// <c>requests</c> and <c>urllib.request</c> (through <c>_mpsandbox_http</c>). The guest asks for one of three
/// operations, with positional scalar arguments:
/// <list type="bullet">
/// <item><c>("open", method, url, headers_json, body_hex | None, timeout_ms | None, follow_redirects)</c>: sends the request (following
/// redirects, each hop checked and counted) and answers a JSON object with the status, reason, final URL, headers
/// and a handle for the body.</item>
/// <item><c>("read", handle, max_bytes)</c>: the next piece of the body as hex, "" at its end, None when the sandbox
/// has no memory for it.</item>
/// <item><c>("close", handle)</c>.</item>
/// </list>
/// Failures answer a JSON object <c>{"error": kind, "rule": option, "message": text}</c>; the Python side raises it.
/// Every size the guest controls is read from the value slots and checked before anything is copied. Open
/// responses are disposed when the run ends.
/// </summary>
internal sealed class GuestHttp : IDisposable
{
    /// <summary>Name on the <c>js</c> namespace, host reference <see cref="ProxyRefs.Http"/>.</summary>
    public const string Name = "mpsandbox_http";

    private const int ChunkBytes = 64 * 1024;
    private const int MaxHeadersJsonDepth = 4;

    // Headers the guest may not set: they frame the message or address a proxy, which only the host decides.
    private static readonly HashSet<string> ForbiddenHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer", "Expect",
        "Proxy-Authorization", "Proxy-Connection", "Proxy-Authenticate",
    };

    // Headers of the guest's that do not follow a redirect to another origin.
    private static readonly string[] CredentialHeaders = ["Authorization", "Cookie"];

    private readonly RunContext _run;
    private readonly NetworkPolicy _policy;
    private readonly HttpMessageInvoker _invoker;
    private readonly Dictionary<int, OpenResponse> _open = [];
    private int _requests;
    private int _nextHandle = 1;

    private GuestHttp(RunContext run, NetworkPolicy policy)
    {
        _run = run;
        _policy = policy;
        _invoker = policy.Options.Handler is { } handler ? new HttpMessageInvoker(handler, disposeHandler: false) : CheckedHandler.Get(policy.Options.AllowPrivateAddresses);
    }

    /// <summary>Answers the guest's call; <paramref name="slots"/> are its arguments, the answer goes to <paramref name="outp"/>.</summary>
    public static void Answer(Interpreter interpreter, ReadOnlySpan<uint> slots, uint outp)
    {
        var run = interpreter.CurrentRun;
        if (run is null)
        {
            ValueSlot.At(interpreter.Memory, outp).WriteUndefined();
            return;
        }
        var http = run.Http ??= new GuestHttp(run, new NetworkPolicy(run.Limits.Network));
        byte[] answer;
        try
        {
            answer = http.Dispatch(interpreter, slots, outp);
        }
        catch (NetworkRefusedException e)
        {
            answer = Error(e.Kind, e.Rule, e.Message);
        }
        if (answer.Length == 0) return; // already written
        if (!interpreter.TryWriteString(outp, answer)) throw run.Stop(StopReason.GuestFault, "The sandbox ran out of memory for a network answer.");
    }

    public void Dispose()
    {
        foreach (var open in _open.Values) open.Dispose();
        _open.Clear();
        if (_policy.Options.Handler is not null) _invoker.Dispose(); // the host's handler itself is left alone
    }

    private byte[] Dispatch(Interpreter interpreter, ReadOnlySpan<uint> slots, uint outp)
    {
        var memory = interpreter.Memory;
        if (slots.Length == 0) return Error("TypeError", "", "bad network call");
        string op = ReadString(memory, slots[0], 16) ?? "";
        switch (op)
        {
            case "open" when slots.Length == 7:
                return Open(memory, slots);
            case "read" when slots.Length == 3:
            {
                int handle = ReadInt(memory, slots[1]), max = ReadInt(memory, slots[2]);
                if (!_open.TryGetValue(handle, out var open)) return Error("ValueError", "", "the response is closed");
                var chunk = Read(handle, open, max);
                if (chunk is null) return Error("NetworkRefused", nameof(NetworkOptions.MaxResponseBytes), $"the response is larger than {_policy.Options.MaxResponseBytes} bytes");
                if (!interpreter.TryWriteString(outp, Encoding.ASCII.GetBytes(Convert.ToHexStringLower(chunk))))
                    ValueSlot.At(memory, outp).WriteNull(); // the guest raises MemoryError
                return [];
            }
            case "close" when slots.Length == 2:
            {
                int handle = ReadInt(memory, slots[1]);
                if (_open.Remove(handle, out var open)) open.Dispose();
                ValueSlot.At(memory, outp).WriteNull();
                return [];
            }
            default:
                return Error("TypeError", "", "bad network call");
        }
    }

    private byte[] Open(GuestMemory memory, ReadOnlySpan<uint> slots)
    {
        var options = _policy.Options;
        // Sizes first, from the slots alone: nothing is copied out of the guest until the whole request fits.
        long size = StrLength(memory, slots[1]) + StrLength(memory, slots[2]) + StrLength(memory, slots[3]) + StrLength(memory, slots[4]) / 2;
        if (size > options.MaxRequestBytes)
            throw new NetworkRefusedException(nameof(NetworkOptions.MaxRequestBytes), $"the request is {size} bytes; the limit is {options.MaxRequestBytes}");
        string method = _policy.CheckMethod(ReadString(memory, slots[1], 64) ?? throw Bad());
        var url = _policy.Check(ReadString(memory, slots[2], int.MaxValue) ?? throw Bad());
        var headers = ParseHeaders(ReadString(memory, slots[3], int.MaxValue) ?? "[]");
        byte[]? body = null;
        if (ValueSlot.At(memory, slots[4]).MpKind == MpKind.Str)
        {
            try
            {
                body = Convert.FromHexString(ReadString(memory, slots[4], int.MaxValue)!);
            }
            catch (FormatException)
            {
                throw Bad();
            }
        }
        var slot = ValueSlot.At(memory, slots[5]);
        TimeSpan timeout = options.RequestTimeout;
        if (slot.MpKind == MpKind.Int && slot.Int32 > 0 && (timeout == Timeout.InfiniteTimeSpan || slot.Int32 < timeout.TotalMilliseconds))
            timeout = TimeSpan.FromMilliseconds(slot.Int32);
        var follow = ValueSlot.At(memory, slots[6]);
        return Send(method, url, headers, body, timeout, follow.MpKind != MpKind.Bool || follow.Int32 != 0);
    }

    private byte[] Send(string method, GuestUrl url, List<KeyValuePair<string, string>> headers, byte[]? body, TimeSpan timeout, bool follow)
    {
        var options = _policy.Options;
        long now = Stopwatch.GetTimestamp();
        var remaining = _run.Deadline == long.MaxValue ? Timeout.InfiniteTimeSpan : Stopwatch.GetElapsedTime(now, _run.Deadline);
        bool deadlineBound = remaining != Timeout.InfiniteTimeSpan && (timeout == Timeout.InfiniteTimeSpan || remaining <= timeout);
        var effective = deadlineBound ? remaining : timeout;
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_run.Cancellation);
        if (effective != Timeout.InfiniteTimeSpan) cts.CancelAfter(effective < TimeSpan.Zero ? TimeSpan.Zero : effective);
        HttpResponseMessage? response = null;
        try
        {
            for (int redirects = 0; ; redirects++)
            {
                if (++_requests > options.MaxRequests)
                    throw new NetworkRefusedException(nameof(NetworkOptions.MaxRequests), $"at most {options.MaxRequests} requests per run");
                using var request = new HttpRequestMessage(new HttpMethod(method), url.Uri);
                foreach (var (name, value) in headers)
                    if (!name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && !request.Headers.TryAddWithoutValidation(name, value))
                        throw new NetworkRefusedException("headers", $"the header '{name}' cannot be set");
                if (body is not null)
                {
                    request.Content = new ByteArrayContent(body);
                    foreach (var (name, value) in headers)
                        if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && !request.Content.Headers.TryAddWithoutValidation(name, value))
                            throw new NetworkRefusedException("headers", $"the header '{name}' cannot be set");
                }
                response = Wait(_invoker.SendAsync(request, cts.Token), cts, deadlineBound);
                // A handler of the host's may have followed redirects itself: what it reached must be allowed too.
                if (response.RequestMessage?.RequestUri is { } reached && reached != url.Uri)
                {
                    try
                    {
                        _policy.Check(reached.AbsoluteUri);
                    }
                    catch (NetworkRefusedException e)
                    {
                        throw new NetworkRefusedException(e.Rule, $"the host's handler was redirected: {e.Message}");
                    }
                }
                int status = (int)response.StatusCode;
                if (status is not (301 or 302 or 303 or 307 or 308) || !follow || options.MaxRedirects == 0 || response.Headers.Location is not { } location)
                    break;
                if (redirects >= options.MaxRedirects)
                    throw new NetworkRefusedException(nameof(NetworkOptions.MaxRedirects), $"more than {options.MaxRedirects} redirects");
                var next = _policy.Check(location.OriginalString, url.Uri);
                if (status == 303 || (status is 301 or 302 && method == "POST"))
                {
                    if (method != "HEAD") method = "GET";
                    body = null;
                    headers.RemoveAll(h => h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase));
                }
                if (next.Origin != url.Origin) headers.RemoveAll(h => Array.Exists(CredentialHeaders, c => c.Equals(h.Key, StringComparison.OrdinalIgnoreCase)));
                url = next;
                response.Dispose();
                response = null;
            }
            var answer = Describe(response, url, out long headerBytes);
            long budget = options.MaxResponseBytes - headerBytes;
            if (budget < 0 || response.Content.Headers.ContentLength > budget)
                throw new NetworkRefusedException(nameof(NetworkOptions.MaxResponseBytes), $"the response is larger than {options.MaxResponseBytes} bytes");
            var stream = Wait(response.Content.ReadAsStreamAsync(cts.Token), cts, deadlineBound);
            int handle = _nextHandle++;
            _open[handle] = new OpenResponse(response, stream, cts, budget, deadlineBound);
            response = null;
            cts = null;
            return Finish(answer, handle);
        }
        catch (HttpRequestException e) when (Inner<NetworkRefusedException>(e) is { } refused)
        {
            throw new NetworkRefusedException(refused.Rule, refused.Message);
        }
        catch (HttpRequestException e)
        {
            return Error("ConnectionError", "", $"{url.Origin}: {Innermost(e).Message}");
        }
        catch (GuestTimeoutException)
        {
            return Error("Timeout", nameof(NetworkOptions.RequestTimeout), $"the request to {url.Origin} took longer than {FormatTime(timeout)}");
        }
        catch (OperationCanceledException)
        {
            // Cancelled by a handler of the host's (its own timeout), not by this run.
            return Error("Timeout", "", $"the request to {url.Origin} was cancelled by the host");
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or IOException or ArgumentException or FormatException)
        {
            // A host handler's failure is the guest's failed request, not a fault of the run.
            return Error("ConnectionError", "", $"{url.Origin}: {Innermost(e).Message}");
        }
        finally
        {
            response?.Dispose();
            cts?.Dispose();
        }
    }

    /// <summary>The next piece of a body, at most <paramref name="max"/> bytes; empty at its end; null past the response cap.</summary>
    private byte[]? Read(int handle, OpenResponse open, int max)
    {
        int want = (int)Math.Min(Math.Clamp(max, 1, ChunkBytes), open.Budget + 1);
        var buffer = new byte[want];
        int total = 0;
        try
        {
            while (total < want)
            {
                int n = Wait(open.Stream.ReadAsync(buffer.AsMemory(total), open.Cancellation.Token).AsTask(), open.Cancellation, open.DeadlineBound);
                if (n == 0) break;
                total += n;
            }
        }
        catch (Exception e) when (e is GuestTimeoutException or IOException or HttpRequestException)
        {
            _open.Remove(handle);
            open.Dispose();
            throw e is GuestTimeoutException
                ? new NetworkRefusedException(nameof(NetworkOptions.RequestTimeout), "the response took longer than the request's time limit") { Kind = "Timeout" }
                : new NetworkRefusedException("", $"reading the response failed: {Innermost(e).Message}") { Kind = "ConnectionError" };
        }
        open.Budget -= total;
        if (open.Budget < 0)
        {
            _open.Remove(handle);
            open.Dispose();
            return null;
        }
        if (total == 0)
        {
            _open.Remove(handle);
            open.Dispose();
        }
        return total == buffer.Length ? buffer : buffer[..total];
    }

    /// <summary>Waits for the host's I/O while the guest is blocked, turning cancellation into the stop it stands for.</summary>
    private T Wait<T>(Task<T> task, CancellationTokenSource cts, bool deadlineBound)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            if (_run.Cancellation.IsCancellationRequested) _run.CheckDeadline();
            if (deadlineBound) throw _run.Stop(StopReason.Timeout, LimitOutcome.TimeLimitMessage);
            throw new GuestTimeoutException();
        }
    }

    private static byte[] Describe(HttpResponseMessage response, GuestUrl url, out long headerBytes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("status", (int)response.StatusCode);
            writer.WriteString("reason", response.ReasonPhrase ?? "");
            writer.WriteString("url", url.Uri.AbsoluteUri);
            writer.WriteStartArray("headers");
            // Cookies the server sets are the host's business (a host handler may keep a session in them), never the guest's.
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("Set-Cookie2", StringComparison.OrdinalIgnoreCase)) continue;
                foreach (string value in values)
                {
                    writer.WriteStartArray();
                    writer.WriteStringValue(name);
                    writer.WriteStringValue(value);
                    writer.WriteEndArray();
                }
            }
            writer.WriteEndArray();
        }
        headerBytes = buffer.WrittenCount;
        return buffer.WrittenSpan.ToArray();
    }

    // Adds the handle and closes the object that Describe left open.
    private static byte[] Finish(byte[] open, int handle) => [.. open, .. Encoding.ASCII.GetBytes($",\"handle\":{handle}}}")];

    private static List<KeyValuePair<string, string>> ParseHeaders(string json)
    {
        var headers = new List<KeyValuePair<string, string>>();
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxHeadersJsonDepth });
            foreach (var pair in document.RootElement.EnumerateArray())
            {
                if (pair.GetArrayLength() != 2) throw new NetworkRefusedException("headers", "headers must be name-value pairs");
                string name = pair[0].GetString() ?? "", value = pair[1].GetString() ?? "";
                if (!NetworkPolicy.IsToken(name)) throw new NetworkRefusedException("headers", $"'{NetworkPolicy.Shorten(name)}' is not a header name");
                if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0) throw new NetworkRefusedException("headers", $"the value of '{name}' contains a line break");
                if (ForbiddenHeaders.Contains(name)) throw new NetworkRefusedException("headers", $"the header '{name}' is set by the host, not by sandboxed code");
                headers.Add(new(name, value));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new NetworkRefusedException("headers", "headers must be name-value pairs of strings");
        }
        return headers;
    }

    private static long StrLength(GuestMemory memory, uint slot)
    {
        var value = ValueSlot.At(memory, slot);
        return value.MpKind == MpKind.Str ? value.Length : 0;
    }

    private static string? ReadString(GuestMemory memory, uint slot, int cap)
    {
        var value = ValueSlot.At(memory, slot);
        if (value.MpKind != MpKind.Str || value.Length > cap) return null;
        return memory.ReadUtf8(value.Pointer, value.Length);
    }

    private static int ReadInt(GuestMemory memory, uint slot)
    {
        var value = ValueSlot.At(memory, slot);
        return value.MpKind == MpKind.Int ? value.Int32 : -1;
    }

    private static NetworkRefusedException Bad() => new("url", "bad network call");

    private static T? Inner<T>(Exception e) where T : Exception
    {
        for (var x = e.InnerException; x is not null; x = x.InnerException)
            if (x is T t) return t;
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner) e = inner;
        return e;
    }

    private static string FormatTime(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.###} s" : $"{t.TotalMilliseconds:0} ms";

    private static byte[] Error(string kind, string rule, string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("error", kind);
            writer.WriteString("rule", rule);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private sealed class GuestTimeoutException : Exception;

    private sealed class OpenResponse(HttpResponseMessage response, Stream stream, CancellationTokenSource cancellation, long budget, bool deadlineBound) : IDisposable
    {
        public Stream Stream { get; } = stream;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public long Budget { get; set; } = budget;

        public bool DeadlineBound { get; } = deadlineBound;

        public void Dispose()
        {
            Stream.Dispose();
            response.Dispose();
            Cancellation.Dispose();
        }
    }
}
