namespace MicroPython.Sandbox;

/// <summary>
/// How far <see cref="RunReport.Trim(RunReportTrimOptions)"/> shortens a report's long texts for a reader with a
/// small budget, such as a language model's context: each text longer than its limit keeps its head and its tail
/// with a marker between them that says how many characters were left out.
/// </summary>
/// <remarks>
/// Limits count UTF-16 characters (what .NET strings hold), which track a model's tokens more closely than bytes.
/// A limit of zero or less leaves that text whole.
/// </remarks>
public sealed class RunReportTrimOptions
{
    /// <summary>Longest standard output kept, in characters (default 8,000).</summary>
    public int MaxStdoutChars { get; set; } = 8_000;

    /// <summary>Longest standard error kept, in characters (default 4,000).</summary>
    public int MaxStderrChars { get; set; } = 4_000;

    /// <summary>Longest <see cref="RunReport.ValueRepr"/> kept, in characters (default 2,000).</summary>
    public int MaxValueReprChars { get; set; } = 2_000;

    /// <summary>Longest error message and traceback kept, each in characters (default 4,000).</summary>
    public int MaxErrorChars { get; set; } = 4_000;

    /// <summary>Most files listed (default 50); the report says how many more there were.</summary>
    public int MaxFiles { get; set; } = 50;

    /// <summary>
    /// The share of a shortened text kept from its start (default 0.4); the rest comes from its end, where the
    /// last results and the error usually are. Between 0 and 1.
    /// </summary>
    public double HeadShare { get; set; } = 0.4;
}
