using System.Text.Encodings.Web;
using System.Text.Json;

namespace MicroPython.Sandbox;

/// <summary>
/// A <see cref="RunResult"/> as plain data: the one JSON contract that <c>mpsandbox --json</c>, agent tools and
/// MCP servers return, so their results cannot drift apart. Field names are camelCase; fields with no value are
/// left out of the JSON rather than written as <c>null</c>.
/// </summary>
/// <remarks>
/// Serialize it with <see cref="ToJson(JsonWriterOptions)"/> or <see cref="WriteTo(Utf8JsonWriter)"/>, or read it
/// back with <see cref="RunReportJsonContext"/>; all three are source-generated and need no reflection, so they work
/// in trimmed and ahead-of-time compiled applications.
/// </remarks>
public sealed record RunReport
{
    /// <summary>How the run ended: the <see cref="RunStatus"/> name in camelCase, e.g. <c>completed</c>, <c>pythonError</c>, <c>timeLimitExceeded</c>.</summary>
    public required string Status { get; init; }

    /// <summary>True when the run completed (<see cref="RunResult.IsSuccess"/>), including a <c>sys.exit</c> with any code.</summary>
    public bool Success { get; init; }

    /// <summary>What the code printed to standard output; empty when it was streamed elsewhere.</summary>
    public string Stdout { get; init; } = "";

    /// <summary>What the code printed to standard error; empty when it was streamed elsewhere.</summary>
    public string Stderr { get; init; } = "";

    /// <summary>The uncaught Python exception; null (absent) when there was none.</summary>
    public RunReportError? Error { get; init; }

    /// <summary>A one-line explanation when the host stopped the run (a limit, cancellation, a fault); null otherwise.</summary>
    public string? Message { get; init; }

    /// <summary>The code's own <c>sys.exit</c> code; null when it did not call <c>sys.exit</c>.</summary>
    public int? ExitCode { get; init; }

    /// <summary>True when output beyond the output limit was dropped.</summary>
    public bool OutputTruncated { get; init; }

    /// <summary>Fuel the run consumed; null when the run was not metered.</summary>
    public ulong? FuelConsumed { get; init; }

    /// <summary>The largest size the sandbox's memory reached, in bytes.</summary>
    public long PeakMemoryBytes { get; init; }

    /// <summary>Wall-clock time of the run in milliseconds (rounded to microseconds).</summary>
    public double WallTimeMs { get; init; }

    /// <summary>The in-memory files the code created or wrote that exist at the end, in path order (always present, possibly empty).</summary>
    public IReadOnlyList<RunReportFile> Files { get; init; } = [];

    /// <summary>In a session, the Python <c>repr</c> of the value of the code's last line when it is an expression; null otherwise.</summary>
    public string? ValueRepr { get; init; }

    /// <summary>True when a session run hit a limit or trapped and the session was put back as it was before the run; null (absent) otherwise.</summary>
    public bool? RolledBack { get; init; }

    /// <summary>
    /// The fields that <see cref="Trim(RunReportTrimOptions)"/> shortened, by their JSON names (<c>stdout</c>,
    /// <c>stderr</c>, <c>valueRepr</c>, <c>error.message</c>, <c>error.traceback</c>, <c>files</c>); null (absent)
    /// when nothing was shortened. Unlike <see cref="OutputTruncated"/>, the text left out still exists on the host.
    /// </summary>
    public IReadOnlyList<string>? Trimmed { get; init; }

    /// <summary>Makes the report of <paramref name="result"/>.</summary>
    /// <param name="result">The outcome of a one-shot run or a session run.</param>
    /// <returns>The report; it holds copies of the strings and file sizes, not the file contents.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public static RunReport From(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var files = new RunReportFile[result.Files.Count];
        for (int i = 0; i < files.Length; i++) files[i] = new RunReportFile { Path = result.Files[i].Path, Bytes = result.Files[i].Length };
        return new RunReport
        {
            Status = JsonNamingPolicy.CamelCase.ConvertName(result.Status.ToString()),
            Success = result.IsSuccess,
            Stdout = result.Stdout,
            Stderr = result.Stderr,
            Error = result.Error is { } e ? new RunReportError { Type = e.Type, Message = e.Message, Line = e.Line, Traceback = e.Traceback } : null,
            Message = result.Message,
            ExitCode = result.ExitCode,
            OutputTruncated = result.OutputTruncated,
            FuelConsumed = result.FuelConsumed,
            PeakMemoryBytes = result.PeakMemoryBytes,
            WallTimeMs = Math.Round(result.WallTime.TotalMilliseconds, 3),
            Files = files,
            ValueRepr = result.ValueRepr,
            // Only a session rolls back, and a report that says "false" for every one-shot run would suggest otherwise.
            RolledBack = result.RolledBack ? true : null,
        };
    }

    /// <summary>
    /// A copy whose long texts are cut to the limits of <paramref name="options"/>: each keeps its head and tail with a
    /// marker such as <c>[... 12,345 characters left out ...]</c> between them, the file list keeps its first entries,
    /// and <see cref="Trimmed"/> names what was cut. A report within the limits is returned as it is.
    /// </summary>
    /// <param name="options">The limits.</param>
    /// <returns>The shortened report, or this one when nothing is over its limit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RunReportTrimOptions.HeadShare"/> is not between 0 and 1.</exception>
    public RunReport Trim(RunReportTrimOptions options) => RunReportTrimmer.Trim(this, options);

    /// <summary>The report as JSON text.</summary>
    /// <param name="options">
    /// Indentation and escaping. When no encoder is given, only what JSON requires is escaped (quotes, control
    /// characters): the text is meant for consoles, logs and language models, not for embedding in HTML.
    /// </param>
    public string ToJson(JsonWriterOptions options = default)
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer, options);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes the report as UTF-8 JSON to <paramref name="stream"/>.</summary>
    /// <param name="stream">Where to write; it is flushed, not closed.</param>
    /// <param name="options">Indentation and escaping, as for <see cref="ToJson(JsonWriterOptions)"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public void WriteTo(Stream stream, JsonWriterOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options.Encoder ??= JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        using var writer = new Utf8JsonWriter(stream, options);
        WriteTo(writer);
    }

    /// <summary>Writes the report as one JSON object to <paramref name="writer"/> (which decides indentation and escaping).</summary>
    /// <param name="writer">The writer; it is flushed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        JsonSerializer.Serialize(writer, this, RunReportJsonContext.Default.RunReport);
        writer.Flush();
    }
}

/// <summary>The uncaught Python exception of a <see cref="RunReport"/>.</summary>
public sealed record RunReportError
{
    /// <summary>The exception type name, e.g. <c>ValueError</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The exception message without the type name; empty when it has none.</summary>
    public required string Message { get; init; }

    /// <summary>The line of the innermost frame in the submitted code; null (absent) when unknown.</summary>
    public int? Line { get; init; }

    /// <summary>The full traceback as Python prints it.</summary>
    public required string Traceback { get; init; }
}

/// <summary>A file the code wrote, in a <see cref="RunReport"/>: its path and size (the content stays in <see cref="RunResult.Files"/>).</summary>
public sealed record RunReportFile
{
    /// <summary>The absolute guest path, e.g. <c>/tmp/chart.svg</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Size in bytes.</summary>
    public long Bytes { get; init; }
}
