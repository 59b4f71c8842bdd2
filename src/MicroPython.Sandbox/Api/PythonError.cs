namespace MicroPython.Sandbox;

/// <summary>An exception raised by guest code and not caught there.</summary>
/// <param name="Type">The exception type name, e.g. <c>ValueError</c>.</param>
/// <param name="Message">The exception message, without the type name; empty when it has none.</param>
/// <param name="Traceback">The full traceback as Python prints it.</param>
/// <param name="Line">The line of the innermost frame in the submitted code, when known.</param>
public sealed record PythonError(string Type, string Message, string Traceback, int? Line)
{
    private const string SourceName = "<stdin>";

    /// <summary>
    /// Parses the interpreter's <c>Type\x04traceback</c> report. Frames of the submitted code are shown as
    /// <paramref name="sourceName"/> when one is given (the interpreter names them <c>&lt;stdin&gt;</c>).
    /// </summary>
    internal static PythonError Parse(string report, string? sourceName = null)
    {
        int separator = report.IndexOf('\x04');
        string type = separator >= 0 ? report[..separator] : "Exception";
        string traceback = separator >= 0 ? report[(separator + 1)..] : report;
        string frameName = SourceName;
        if (sourceName is not null && sourceName != SourceName)
        {
            traceback = traceback.Replace("  File \"" + SourceName + "\"", "  File \"" + sourceName + "\"", StringComparison.Ordinal);
            frameName = sourceName;
        }

        var lines = traceback.Split('\n');
        int? line = null;
        int lastFrame = -1;
        for (int i = 0; i < lines.Length; i++)
        {
            var text = lines[i];
            if (!text.StartsWith("  File \"", StringComparison.Ordinal)) continue;
            lastFrame = i;
            int at = text.IndexOf("\", line ", StringComparison.Ordinal);
            if (at < 0) continue;
            int start = at + "\", line ".Length;
            int end = start;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (text.AsSpan(8).StartsWith(frameName + "\"") && int.TryParse(text.AsSpan(start, end - start), out int n)) line = n;
        }

        string description = Runtime.ErrorHints.WithoutHint(string.Join('\n', lines.Skip(lastFrame + 1)).TrimEnd('\n'));
        if (lastFrame < 0 && description.StartsWith("Traceback", StringComparison.Ordinal))
            description = string.Join('\n', lines.Skip(1)).TrimEnd('\n');
        string message = description == type ? ""
            : description.StartsWith(type + ": ", StringComparison.Ordinal) ? description[(type.Length + 2)..]
            : description;
        return new PythonError(type, message, traceback, line);
    }

    /// <inheritdoc/>
    public override string ToString() => Traceback;
}
