using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using MicroPython.Sandbox;
using MicroPython.Sandbox.AspNetCore;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// Load check of the web endpoint: N concurrent clients post the same data-tool request (50 rows and a transform) to
// MapPythonSandbox on loopback Kestrel for a bounded time, and the same requests to a trivial endpoint that reads and
// parses the body but runs no Python (the framework's own cost), in one process and one run. Also the rate of the
// endpoint's own work in-process (the same one-shot run, no HTTP) as the reference for what HTTP adds, and of the same
// transform in a fresh session (input through the host bridge), the other way the endpoint could work.
//
//   dotnet run -c Release --project bench/MicroPython.Sandbox.WebLoad -- [clients=16] [seconds=10]
//   dotnet run -c Release --project bench/MicroPython.Sandbox.WebLoad -- parts   (where one request's time goes, one thread)
if (args.FirstOrDefault() == "parts")
{
    await Parts.RunAsync();
    return 0;
}
int clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 16;
var duration = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
builder.Services.AddPythonSandboxEndpoint(o => o.QueueLimit = clients * 2);
var app = builder.Build();
app.UseRateLimiter();
app.MapPythonSandbox("/python");
// The framework's own cost: the same body read and parsed, a small JSON answer, the same rate limiting policy.
app.MapPost("/trivial", async context =>
{
    using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
    context.Response.ContentType = "application/json; charset=utf-8";
    await context.Response.WriteAsync("""{"status":"completed","success":true,"result":[]}""", context.RequestAborted);
}).RequireRateLimiting(PythonSandboxEndpointOptions.RateLimiterPolicyName);
await app.StartAsync();
string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

const string Code = """
    def transform(rows):
        totals = {}
        for r in rows:
            key = r["region"]
            totals[key] = totals.get(key, 0) + r["quantity"] * r["price"]
        return [{"region": k, "revenue": round(v, 2)} for k, v in sorted(totals.items())]
    """;
string[] regions = ["North", "South", "East", "West"];
var rows = Enumerable.Range(0, 50).Select(i => new Dictionary<string, object> { ["region"] = regions[i % 4], ["quantity"] = 1 + i % 5, ["price"] = 2.5 + i }).ToArray();
byte[] body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["code"] = Code, ["input"] = rows, ["function"] = "transform" });

Console.WriteLine($"{Environment.ProcessorCount} processors, {clients} clients, {duration.TotalSeconds:0} s per phase, request {body.Length:N0} bytes, " +
    $"endpoint slots {Environment.ProcessorCount} (queue {clients * 2}); server and clients share the machine.");

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = new Uri(address) };

// The references: the endpoint's own work without HTTP (the same code, options and input file, one-shot run), and
// the same transform in a fresh session with the input passed through the host bridge (the other way to do it).
byte[] inputJson = JsonSerializer.SerializeToUtf8Bytes(rows);
var request = new PythonRunRequest { Code = Code, Input = JsonDocument.Parse(inputJson).RootElement, Function = "transform" };
var hostOptions = new SandboxOptions { Timeout = TimeSpan.FromSeconds(2) };
string endpointCode = PythonSandboxEndpoint.WithCall(Code, "transform");
async Task BareRun()
{
    var result = await SandboxRuntime.Shared.RunAsync(endpointCode, PythonSandboxEndpoint.OptionsFor(hostOptions, request), null);
    if (result.Status != RunStatus.Completed || result.Files.Count != 1) throw new InvalidOperationException(result.Status + " " + result.Error?.Message);
}
var input = JsonDocument.Parse(inputJson).RootElement;
string callCode = Code + "\ntransform(__mpsandbox_input__)\n";
async Task SessionRun()
{
    await using var session = new PythonSession(SandboxRuntime.Shared, hostOptions);
    session.Globals["__mpsandbox_input__"] = input;
    var result = await session.RunAsync(callCode);
    if (result.Status != RunStatus.Completed) throw new InvalidOperationException(result.Status + " " + result.Error?.Message);
}

await Phase("warm-up", Environment.ProcessorCount, BareRun, TimeSpan.FromSeconds(2));
await Phase("warm-up", Environment.ProcessorCount, SessionRun, TimeSpan.FromSeconds(1));
await Phase("warm-up", clients, () => Post("/python"), TimeSpan.FromSeconds(4));
await Phase("warm-up", clients, () => Post("/trivial"), TimeSpan.FromSeconds(1));
Settle();
long rss0 = Rss();
var trivial = await Phase("trivial endpoint", clients, () => Post("/trivial"));
var python = await Phase("python endpoint", clients, () => Post("/python"));
Settle();
long rss1 = Rss();
var again = await Phase("python endpoint again", clients, () => Post("/python"));
Settle();
long rss2 = Rss();
// The references last, when every code path has long been compiled at its final tier.
var bare = await Phase("in-process endpoint work", Environment.ProcessorCount, BareRun);
var session = await Phase("in-process session run", Environment.ProcessorCount, SessionRun);

Console.WriteLine();
// The second python phase is the steady state (the first still pays for tiered compilation and heap growth).
Console.WriteLine($"python endpoint / trivial endpoint throughput: {again.Rate / trivial.Rate:P1}; python endpoint / its work in-process: {again.Rate / bare.Rate:P1}; session run / one-shot run in-process: {session.Rate / bare.Rate:P1}");
Console.WriteLine($"processor time per request: python endpoint {again.CpuMs:F2} ms = its work in-process {bare.CpuMs:F2} ms + HTTP {again.CpuMs - bare.CpuMs:F2} ms (trivial endpoint {trivial.CpuMs:F3} ms)");
Console.WriteLine($"RSS after warm-up {rss0 / 1048576.0:F1} MiB, after first python phase {rss1 / 1048576.0:F1} MiB, after second {rss2 / 1048576.0:F1} MiB " +
    $"(second phase grew it by {(rss2 - rss1) / 1048576.0:+0.0;-0.0} MiB over {again.Count:N0} more requests)");
Console.WriteLine($"failed requests: {trivial.Failed + python.Failed + again.Failed}");
await app.StopAsync();
return trivial.Failed + python.Failed + again.Failed == 0 ? 0 : 1;

async Task Post(string path)
{
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = new("application/json");
    using var response = await http.PostAsync(path, content);
    if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"HTTP {(int)response.StatusCode}");
    using var report = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
    if (report.RootElement.GetProperty("status").GetString() != "completed") throw new InvalidOperationException(report.RootElement.GetProperty("status").GetString());
}

async Task<(double Rate, long Count, long Failed, double CpuMs)> Phase(string name, int workers, Func<Task> work, TimeSpan? time = null)
{
    var latencies = new List<double>[workers];
    long failed = 0;
    string? firstFailure = null;
    long deadline = Stopwatch.GetTimestamp() + (long)((time ?? duration).TotalSeconds * Stopwatch.Frequency);
    long started = Stopwatch.GetTimestamp();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
    {
        var mine = latencies[w] = new List<double>(4096);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            long t = Stopwatch.GetTimestamp();
            try
            {
                await work();
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstFailure, e.Message, null);
            }
        }
    })));
    double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    // Processor time per request (server and client together) holds steady when other work shares the machine;
    // requests per second does not.
    double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    double rate = all.Length / seconds;
    if (name != "warm-up")
        Console.WriteLine($"{name,-24} {rate,8:F0} req/s  p50 {Percentile(all, 0.50),7:F2} ms  p99 {Percentile(all, 0.99),7:F2} ms  cpu {cpuMs / Math.Max(1, all.Length),6:F2} ms/req  {all.Length,7:N0} ok  {failed} failed{(firstFailure is null ? "" : " (" + firstFailure + ")")}");
    return (rate, all.Length, failed, cpuMs / Math.Max(1, all.Length));
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];

static void Settle()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
}

// Resident set size from /proc (what the operating system charges the process), else the working set.
static long Rss()
{
    if (File.Exists("/proc/self/status"))
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
    return Environment.WorkingSet;
}
