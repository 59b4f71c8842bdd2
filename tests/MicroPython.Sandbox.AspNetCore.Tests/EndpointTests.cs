using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace MicroPython.Sandbox.AspNetCore.Tests;

/// <summary>Shared application for the endpoint tests: tight host limits so every limit is quick to reach.</summary>
public sealed class TightLimitsApp : IDisposable
{
    public const int MaxRequestBytes = 64 * 1024;
    public const int MaxInputBytes = 16 * 1024;
    public const int MaxSourceBytes = 4096;
    public const int MaxOutputBytes = 4096;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public DataToolsFactory Factory { get; } = new(options =>
    {
        options.Sandbox.Timeout = Timeout;
        options.Sandbox.MemoryLimit = 16 * 1024 * 1024;
        options.Sandbox.MaxOutputBytes = MaxOutputBytes;
        options.Sandbox.MaxSourceBytes = MaxSourceBytes;
        options.Sandbox.MaxHostValueBytes = MaxInputBytes;
        options.MaxRequestBytes = MaxRequestBytes;
        options.RequestBodyTimeout = TimeSpan.FromMilliseconds(500);
    });

    public void Dispose() => Factory.Dispose();
}

public sealed class EndpointTests(TightLimitsApp app) : IClassFixture<TightLimitsApp>
{
    private static readonly int[] SmallInput = [4, 5, 6];
    private readonly HttpClient _client = app.Factory.CreateClient();

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(object request)
    {
        using var response = await _client.PostAsJsonAsync("/python", request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task AFunctionIsCalledWithTheInputAndItsReturnValueComesBackAsJsonBesideTheRunReport()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(0, 40).Select(i => new { region = i % 3 == 0 ? "North" : "South", amount = random.Next(1, 1000) }).ToArray();
        const string code = """
            def transform(rows):
                totals = {}
                for r in rows:
                    totals[r["region"]] = totals.get(r["region"], 0) + r["amount"]
                print("rows:", len(rows))
                return [{"region": k, "total": totals[k]} for k in sorted(totals)]
            """;

        var (status, body) = await PostAsync(new { code, input = rows, function = "transform" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("completed", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal("rows: 40\n", body.GetProperty("stdout").GetString());
        // The body is the core contract: it reads back as a RunReport.
        var report = body.Deserialize(RunReportJsonContext.Default.RunReport)!;
        Assert.Equal("completed", report.Status);
        Assert.Null(report.ValueRepr);
        var expected = rows.GroupBy(r => r.region).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(r => r.amount))).ToArray();
        var actual = body.GetProperty("result").EnumerateArray().Select(e => (e.GetProperty("region").GetString()!, e.GetProperty("total").GetInt32())).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task CodeWithoutAFunctionReadsTheInputFromItsFileAndAnswersWithItsOutputOnly()
    {
        var (status, body) = await PostAsync(new { code = "import json\nrows = json.load(open('/input.json'))\nprint(len(rows), sum(rows) * 2)", input = SmallInput });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("3 30\n", body.GetProperty("stdout").GetString());
        Assert.False(body.TryGetProperty("result", out _));
        Assert.Empty(body.GetProperty("files").EnumerateArray());
    }

    [Fact]
    public async Task NoneReturnedByTheFunctionIsANullResult()
    {
        var (_, body) = await PostAsync(new { code = "def f(x):\n    pass", input = SmallInput, function = "f" });

        Assert.Equal(JsonValueKind.Null, body.GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task TheFunctionsOwnFilesAreListedButNotTheEndpointsResultFile()
    {
        var (_, body) = await PostAsync(new { code = "def f(x):\n    open('/tmp/out.csv', 'w').write('a,b')\n    return x", input = SmallInput, function = "f" });

        Assert.Equal(SmallInput, body.GetProperty("result").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["/tmp/out.csv"], body.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task APythonExceptionIsAResultNamingItsTypeAndTheLineOfTheUsersCode()
    {
        const string code = "def transform(rows):\n    total = 0\n    return total / len(rows)\n";

        var (status, body) = await PostAsync(new { code, input = Array.Empty<int>(), function = "transform" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("pythonError", body.GetProperty("status").GetString());
        Assert.Equal("ZeroDivisionError", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(3, body.GetProperty("error").GetProperty("line").GetInt32());
        Assert.False(body.TryGetProperty("result", out _));
    }

    [Fact]
    public async Task AReturnValueWithNoJsonFormIsExplainedAndShownAsItsRepr()
    {
        var (status, body) = await PostAsync(new { code = "def f(x):\n    return {x}", input = 5, function = "f" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("completed", body.GetProperty("status").GetString());
        Assert.False(body.TryGetProperty("result", out _));
        Assert.Contains("cannot be sent as JSON", body.GetProperty("resultError").GetString());
        Assert.Equal("{5}", body.GetProperty("valueRepr").GetString());
    }

    public static TheoryData<string, string> LimitCases => new()
    {
        { "while True:\n    pass", "timeLimitExceeded" },
        { "s = 'a' * 10**9", "memoryLimitExceeded" },
        { "while True:\n    print('spam' * 100)", "outputLimitExceeded" },
        { "x = 1\n" + new string('#', TightLimitsApp.MaxSourceBytes), "sourceTooLarge" },
    };

    [Theory]
    [MemberData(nameof(LimitCases))]
    public async Task EachHostLimitStopsARunAsAResultWithItsStatusAndIsCounted(string code, string expectedStatus)
    {
        using var metrics = app.Factory.RecordMetrics();

        var (status, body) = await PostAsync(new { code });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expectedStatus, body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.False(body.TryGetProperty("rolledBack", out _));
        Assert.NotNull(await metrics.WaitForAsync(m => m.Instrument == "mpsandbox.endpoint.limit_hits" && (string?)m.Tags["limit"] == expectedStatus, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ARequestCanAskForFuelMeteringAndIsStoppedWhenItRunsOut()
    {
        var (_, body) = await PostAsync(new { code = "while True:\n    pass", limits = new { fuel = 100_000 } });

        Assert.Equal("fuelExhausted", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("fuelConsumed").GetUInt64() >= 100_000);
    }

    [Fact]
    public async Task ARequestCanTightenTheTimeLimitButNotLoosenIt()
    {
        var tight = await PostAsync(new { code = "while True:\n    pass", limits = new { timeoutMs = 150 } });
        var loose = await PostAsync(new { code = "while True:\n    pass", limits = new { timeoutMs = 600_000 } });

        Assert.Equal("timeLimitExceeded", tight.Body.GetProperty("status").GetString());
        Assert.InRange(tight.Body.GetProperty("wallTimeMs").GetDouble(), 100, TightLimitsApp.Timeout.TotalMilliseconds - 1);
        Assert.Equal("timeLimitExceeded", loose.Body.GetProperty("status").GetString());
        Assert.InRange(loose.Body.GetProperty("wallTimeMs").GetDouble(), TightLimitsApp.Timeout.TotalMilliseconds * 0.9, TightLimitsApp.Timeout.TotalMilliseconds * 3);
    }

    [Fact]
    public async Task ARequestCanTightenTheOutputLimitButNotLoosenIt()
    {
        const string code = "for i in range(200):\n    print('0123456789' * 4)";
        var tight = await PostAsync(new { code, limits = new { maxOutputBytes = 100 } });
        var loose = await PostAsync(new { code, limits = new { maxOutputBytes = 10_000_000 } });

        Assert.Equal("outputLimitExceeded", tight.Body.GetProperty("status").GetString());
        Assert.InRange(tight.Body.GetProperty("stdout").GetString()!.Length, 1, 100);
        Assert.Equal("outputLimitExceeded", loose.Body.GetProperty("status").GetString());
        Assert.InRange(loose.Body.GetProperty("stdout").GetString()!.Length, 101, TightLimitsApp.MaxOutputBytes);
    }

    [Fact]
    public async Task ARequestCanTightenTheMemoryLimitButNotLoosenIt()
    {
        // 12 MiB fits under the host's 16 MiB but not under the 4 MiB the first request asks for.
        const string code = "b = bytearray(12 * 1024 * 1024)\nprint(len(b))";
        var tight = await PostAsync(new { code, limits = new { memoryBytes = 4 * 1024 * 1024 } });
        var loose = await PostAsync(new { code = "b = bytearray(40 * 1024 * 1024)", limits = new { memoryBytes = 1L << 30 } });

        Assert.Equal("memoryLimitExceeded", tight.Body.GetProperty("status").GetString());
        Assert.Equal("memoryLimitExceeded", loose.Body.GetProperty("status").GetString());
        Assert.True(loose.Body.GetProperty("peakMemoryBytes").GetInt64() <= 16 * 1024 * 1024);
    }

    [Fact]
    public async Task ABodyOverTheDeclaredSizeCapIsRefusedWith413BeforeItRuns()
    {
        using var metrics = app.Factory.RecordMetrics();
        string code = "print('never')\n#" + new string('x', TightLimitsApp.MaxRequestBytes);

        var (status, body) = await PostAsync(new { code });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("bytes", body.GetProperty("detail").GetString());
        Assert.NotNull(await metrics.WaitForAsync(m => m.Instrument == "mpsandbox.endpoint.rejected" && (string?)m.Tags["reason"] == "too_large", TimeSpan.FromSeconds(5)));
        Assert.DoesNotContain(metrics.Measurements, m => m.Instrument == "mpsandbox.endpoint.runs");
    }

    [Fact]
    public async Task InputOverTheSandboxsValueLimitIsRefusedWith413()
    {
        var input = Enumerable.Range(0, TightLimitsApp.MaxInputBytes / 4).ToArray();

        var (status, body) = await PostAsync(new { code = "def f(x):\n    return len(x)", input, function = "f" });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("input", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{"code": 42}""", "\"code\" must be a string")]
    [InlineData("""{"input": []}""", "no \"code\"")]
    [InlineData("""{"code": "x", "function": "os.system"}""", "identifier")]
    [InlineData("""{"code": "x", "limits": {"timeout": 5}}""", "Unknown limit")]
    [InlineData("""{"code": "x", "limits": {"timeoutMs": -5}}""", "positive")]
    [InlineData("""{"code": "x", "extra": 1}""", "Unknown member")]
    [InlineData("""{"code": "x" """, "not valid JSON")]
    [InlineData("[1, 2]", "JSON object")]
    public async Task AMalformedRequestIsRefusedWith400SayingWhatIsWrong(string json, string expected)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/python", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(expected, body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsRefusedWith415()
    {
        using var content = new StringContent("print(1)", Encoding.UTF8, "text/plain");
        using var response = await _client.PostAsync("/python", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}

/// <summary>The endpoint on real Kestrel (loopback, a free port), where request bodies arrive as the client sends them.</summary>
public sealed class KestrelApp : IDisposable
{
    public KestrelApp()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        Client = new HttpClient { BaseAddress = new Uri(Factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First()) };
    }

    public DataToolsFactory Factory { get; } = new(options =>
    {
        options.MaxRequestBytes = TightLimitsApp.MaxRequestBytes;
        options.RequestBodyTimeout = TimeSpan.FromMilliseconds(500);
    });

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }
}

public sealed class KestrelEndpointTests(KestrelApp app) : IClassFixture<KestrelApp>
{
    private static readonly int[] Input = [1, 2];
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task AClientThatSendsItsBodyTooSlowlyIsAnswered408()
    {
        using var content = new SlowContent(Encoding.UTF8.GetBytes("""{"code": "print(1)"}"""), TimeSpan.FromSeconds(3));
        content.Headers.ContentType = new("application/json");

        using var response = await _client.PostAsync("/python", content);

        Assert.Equal(HttpStatusCode.RequestTimeout, response.StatusCode);
    }

    [Fact]
    public async Task ABodyOfUndeclaredLengthIsRefusedWith413OnceItPassesTheCap()
    {
        byte[] json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { code = "#" + new string('x', TightLimitsApp.MaxRequestBytes * 4) }));
        using var content = new StreamContent(new MemoryStream(json));
        content.Headers.ContentType = new("application/json");

        using var unknown = new UnknownLengthContent(content);
        unknown.Headers.ContentType = new("application/json");
        using var response = await _client.PostAsync("/python", unknown);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task AGoodRunOnKestrelAnswersWithTheReport()
    {
        using var response = await _client.PostAsJsonAsync("/python", new { code = "def f(rows):\n    return [r * 3 for r in rows]", input = Input, function = "f" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([3, 6], body.GetProperty("result").EnumerateArray().Select(e => e.GetInt32()));
    }
}

/// <summary>Hides the length of another content, so the body is sent without Content-Length.</summary>
internal sealed class UnknownLengthContent(HttpContent inner) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => inner.CopyToAsync(stream);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

/// <summary>Sends the first bytes of a body, then waits before sending the rest.</summary>
internal sealed class SlowContent(byte[] body, TimeSpan pause) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        await stream.WriteAsync(body.AsMemory(0, 5));
        await stream.FlushAsync();
        await Task.Delay(pause);
        await stream.WriteAsync(body.AsMemory(5));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}

/// <summary>Runs that outlive their client, and more runs than the endpoint allows at once.</summary>
public sealed class EndpointLoadTests
{
    [Fact]
    public async Task AClientThatDisconnectsMidRunCancelsTheRunLongBeforeItsTimeLimit()
    {
        using var factory = new DataToolsFactory(o => o.Sandbox.Timeout = TimeSpan.FromSeconds(30));
        using var metrics = factory.RecordMetrics();
        using var client = factory.CreateClient();
        using var disconnect = new CancellationTokenSource();
        var started = Stopwatch.StartNew();

        var request = client.PostAsJsonAsync("/python", new { code = "while True:\n    pass" }, disconnect.Token);
        Assert.NotNull(await metrics.WaitForAsync(m => m.Instrument == "mpsandbox.endpoint.active_runs" && m.Value > 0, TimeSpan.FromSeconds(20)));
        await disconnect.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        var ended = await metrics.WaitForAsync(m => m.Instrument == "mpsandbox.endpoint.run.duration", TimeSpan.FromSeconds(10));
        Assert.NotNull(ended);
        Assert.Equal("cancelled", ended.Tags["status"]);
        // The loop was stopped by the disconnect, not by the 30-second limit.
        Assert.True(ended.Value < 10_000, $"The run went on for {ended.Value} ms after the client left.");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(25));
    }

    [Fact]
    public async Task RequestsBeyondTheConcurrencyLimitAndItsQueueAreRefusedWith503AndRetryAfter()
    {
        using var factory = new DataToolsFactory(o =>
        {
            o.MaxConcurrentRuns = 1;
            o.QueueLimit = 0;
            o.Sandbox.Timeout = TimeSpan.FromSeconds(20);
        });
        using var metrics = factory.RecordMetrics();
        using var client = factory.CreateClient();

        var first = client.PostAsJsonAsync("/python", new { code = "while True:\n    pass", limits = new { timeoutMs = 3000 } });
        Assert.NotNull(await metrics.WaitForAsync(m => m.Instrument == "mpsandbox.endpoint.active_runs" && m.Value > 0, TimeSpan.FromSeconds(20)));
        using (var second = await client.PostAsJsonAsync("/python", new { code = "print(1)" }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
            Assert.Equal("1", second.Headers.GetValues("Retry-After").Single());
            Assert.Contains("run slots", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
        using (var firstResponse = await first)
            Assert.Equal("timeLimitExceeded", (await firstResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        // The slot is free again once the first run ended.
        using var third = await client.PostAsJsonAsync("/python", new { code = "print(1)" });
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Contains(metrics.Measurements, m => m.Instrument == "mpsandbox.endpoint.rejected" && (string?)m.Tags["reason"] == "concurrency");
    }

    [Fact]
    public async Task TheEndpointRefusesToRunWithoutTheRateLimitingMiddlewareThatBoundsIt()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.UseTestServer(builder.WebHost);
        builder.Services.AddPythonSandboxEndpoint();
        await using var app = builder.Build();
        app.MapPythonSandbox("/python");
        await app.StartAsync();
        using var client = ((Microsoft.AspNetCore.TestHost.TestServer)app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()).CreateClient();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.PostAsJsonAsync("/python", new { code = "print(1)" }));
        Assert.Contains("UseRateLimiter", error.Message);
    }

    [Fact]
    public async Task MappingTheEndpointWithoutItsServicesSaysWhichCallIsMissing()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapPythonSandbox("/python"));
        Assert.Contains("AddPythonSandboxEndpoint", error.Message);
    }

    [Fact]
    public void ARunKeepsEveryHostSettingTheRequestCannotNameAndTakesTheTighterOfThoseItCan()
    {
        var host = new SandboxOptions { StackBytes = 256 * 1024, RunHostFunctionsInline = true, MaxHostCalls = 3, Timeout = TimeSpan.FromSeconds(5) };
        host.Network.AllowedOrigins.Add("https://api.example.com");
        host.Files.Add("/data/table.csv", "a,b"u8.ToArray());

        var options = PythonSandboxEndpoint.OptionsFor(host, new PythonRunRequest { Code = "1", Timeout = TimeSpan.FromSeconds(1), MemoryBytes = 1L << 40 });

        Assert.Equal(256 * 1024, options.StackBytes);
        Assert.True(options.RunHostFunctionsInline);
        Assert.Equal(3, options.MaxHostCalls);
        Assert.Equal(["https://api.example.com"], options.Network.AllowedOrigins);
        Assert.Equal(["/data/table.csv", PythonSandboxEndpoint.InputPath], options.Files.Select(f => f.Path));
        Assert.Equal(TimeSpan.FromSeconds(1), options.Timeout);
        Assert.Equal(host.MemoryLimit, options.MemoryLimit);
        Assert.Single(host.Files);
    }
}
