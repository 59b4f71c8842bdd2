using System.Text.Json;
using System.Text.Json.Serialization;

namespace MicroPython.Sandbox.Cli;

/// <summary>The <c>--json</c> form of a run: the result, with times in milliseconds.</summary>
internal static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
        // Printed to a console or a pipe, never embedded in HTML: keep quotes and < > readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Format(RunResult result) => JsonSerializer.Serialize(new
    {
        status = result.Status,
        stdout = result.Stdout,
        stderr = result.Stderr,
        error = result.Error is { } e ? new { type = e.Type, message = e.Message, line = e.Line, traceback = e.Traceback } : null,
        message = result.Message,
        exitCode = result.ExitCode,
        outputTruncated = result.OutputTruncated,
        fuelConsumed = result.FuelConsumed,
        peakMemoryBytes = result.PeakMemoryBytes,
        wallTimeMs = Math.Round(result.WallTime.TotalMilliseconds, 3),
        files = result.Files.Select(f => new { path = f.Path, bytes = f.Length }).ToArray(),
    }, Options);
}
