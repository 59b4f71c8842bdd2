using DataTools;
using MicroPython.Sandbox.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// The user's Python: a fresh sandbox per request, at most 2 s, 32 MiB and 64 KiB of output each, whatever the page asks.
builder.Services.AddPythonSandboxEndpoint(options =>
{
    options.Sandbox.Timeout = TimeSpan.FromSeconds(2);
    options.Sandbox.MemoryLimit = 32 * 1024 * 1024;
    options.Sandbox.MaxOutputBytes = 64 * 1024;
    options.MaxRequestBytes = 2 * 1024 * 1024;
    options.Sandbox.MaxHostValueBytes = 2 * 1024 * 1024;
});
// The user's SQL: a read-only connection to a generated database, SELECT only, its own time limit and row cap.
builder.Services.AddSingleton(_ => SampleDatabase.Create(new QueryLimits(Timeout: TimeSpan.FromSeconds(2), MaxRows: 1000)));

var app = builder.Build();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseRateLimiter();
app.MapPythonSandbox("/python");
app.MapPost("/query", QueryEndpoint.HandleAsync);
app.Run();

/// <summary>The sample's entry point, visible to the tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
