using System.Globalization;

namespace MicroPython.Sandbox;

/// <summary>The cutting behind <see cref="RunReport.Trim(RunReportTrimOptions)"/>.</summary>
internal static class RunReportTrimmer
{
    public static RunReport Trim(RunReport report, RunReportTrimOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (double.IsNaN(options.HeadShare) || options.HeadShare < 0 || options.HeadShare > 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.HeadShare, "HeadShare must be between 0 and 1.");

        List<string>? trimmed = null;
        string stdout = Cut(report.Stdout, options.MaxStdoutChars, options.HeadShare, "stdout", ref trimmed);
        string stderr = Cut(report.Stderr, options.MaxStderrChars, options.HeadShare, "stderr", ref trimmed);
        string? value = report.ValueRepr is { } repr ? Cut(repr, options.MaxValueReprChars, options.HeadShare, "valueRepr", ref trimmed) : null;
        var error = report.Error;
        if (error is not null)
        {
            string message = Cut(error.Message, options.MaxErrorChars, options.HeadShare, "error.message", ref trimmed);
            string traceback = Cut(error.Traceback, options.MaxErrorChars, options.HeadShare, "error.traceback", ref trimmed);
            if (!ReferenceEquals(message, error.Message) || !ReferenceEquals(traceback, error.Traceback))
                error = error with { Message = message, Traceback = traceback };
        }
        var files = report.Files;
        if (options.MaxFiles > 0 && files.Count > options.MaxFiles)
        {
            files = [.. files.Take(options.MaxFiles)];
            (trimmed ??= []).Add("files");
        }
        if (trimmed is null) return report;
        if (report.Trimmed is { } earlier) trimmed = [.. earlier.Union(trimmed)];
        return report with { Stdout = stdout, Stderr = stderr, ValueRepr = value, Error = error, Files = files, Trimmed = trimmed };
    }

    /// <summary>The text itself when within <paramref name="limit"/>; otherwise its head and tail around a marker.</summary>
    internal static string Cut(string text, int limit, double headShare, string field, ref List<string>? trimmed)
    {
        if (limit <= 0 || text.Length <= limit) return text;
        int head = (int)(limit * headShare);
        int tail = limit - head;
        // Never split a surrogate pair: a lone half would be invalid UTF-16 in the JSON.
        if (head > 0 && char.IsHighSurrogate(text[head - 1])) head--;
        int tailStart = text.Length - tail;
        if (tailStart < text.Length && char.IsLowSurrogate(text[tailStart])) tailStart++;
        int omitted = tailStart - head;
        (trimmed ??= []).Add(field);
        return string.Concat(
            text.AsSpan(0, head),
            string.Create(CultureInfo.InvariantCulture, $"\n[... {omitted:N0} characters left out ...]\n"),
            text.AsSpan(tailStart));
    }
}
