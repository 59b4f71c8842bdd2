using System.Text.Json;
using System.Text.Json.Serialization;

namespace MicroPython.Sandbox.Cli;

/// <summary>The <c>--json</c> form of a run: the result, with times in milliseconds.</summary>
internal static class JsonReport
{
    // Source-generated, so the native (ahead-of-time compiled) command needs no reflection to write it.
    private static readonly JsonReportContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        // Printed to a console or a pipe, never embedded in HTML: keep quotes and < > readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Format(RunResult result) => JsonSerializer.Serialize(new Report(
        JsonNamingPolicy.CamelCase.ConvertName(result.Status.ToString()),
        result.Stdout,
        result.Stderr,
        result.Error is { } e ? new Error(e.Type, e.Message, e.Line, e.Traceback) : null,
        result.Message,
        result.ExitCode,
        result.OutputTruncated,
        result.FuelConsumed,
        result.PeakMemoryBytes,
        Math.Round(result.WallTime.TotalMilliseconds, 3),
        [.. result.Files.Select(f => new WrittenFile(f.Path, f.Length))]), Context.Report);

    internal sealed record Report(string Status, string Stdout, string Stderr, Error? Error, string? Message, int? ExitCode,
        bool OutputTruncated, ulong? FuelConsumed, long PeakMemoryBytes, double WallTimeMs, WrittenFile[] Files);

    internal sealed record Error(string Type, string Message, int? Line, string Traceback);

    internal sealed record WrittenFile(string Path, long Bytes);
}

[JsonSerializable(typeof(JsonReport.Report))]
internal sealed partial class JsonReportContext : JsonSerializerContext;
