namespace MicroPython.Sandbox;

/// <summary>What a run produced and how it ended. Guest faults are reported here, never thrown.</summary>
public sealed record RunResult
{
    /// <summary>How the run ended.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>Everything the code printed to standard output (decoded as UTF-8); empty when it was streamed to <see cref="SandboxOptions.StandardOutput"/>.</summary>
    public required string Stdout { get; init; }

    /// <summary>Everything the code printed to standard error (decoded as UTF-8); empty when it was streamed to <see cref="SandboxOptions.StandardError"/>.</summary>
    public required string Stderr { get; init; }

    /// <summary>The uncaught Python exception, when <see cref="Status"/> is <see cref="RunStatus.PythonError"/> (or a MemoryError under <see cref="RunStatus.MemoryLimitExceeded"/>).</summary>
    public PythonError? Error { get; init; }

    /// <summary>A one-line explanation when the host stopped the run (timeout, limit, fault).</summary>
    public string? Message { get; init; }

    /// <summary>The argument of <c>sys.exit</c> when the code called it, otherwise null.</summary>
    public int? ExitCode { get; init; }

    /// <summary>True when output beyond <see cref="SandboxOptions.MaxOutputBytes"/> was dropped.</summary>
    public bool OutputTruncated { get; init; }

    /// <summary>Fuel the run consumed, when <see cref="SandboxOptions.Fuel"/> was set.</summary>
    public ulong? FuelConsumed { get; init; }

    /// <summary>The largest size the sandbox's linear memory reached, in bytes.</summary>
    public long PeakMemoryBytes { get; init; }

    /// <summary>Wall-clock time of the run itself (not counting sandbox creation).</summary>
    public TimeSpan WallTime { get; init; }

    /// <summary>
    /// The in-memory files the guest created or wrote that exist when the run ends (for example a CSV or an
    /// SVG chart), in path order. Files written through a writable mount are on the host already and are not listed.
    /// </summary>
    public IReadOnlyList<SandboxFile> Files { get; init; } = [];

    /// <summary>
    /// In a <see cref="PythonSession"/>, the value of the code's last line when it is an expression (as a
    /// notebook cell shows it), converted to .NET: null for None and for values with no .NET form (see
    /// <see cref="ValueRepr"/>). Conversion rules are those of host function arguments
    /// (see <see cref="PythonSession.DefineFunction(string, Delegate)"/>).
    /// </summary>
    public object? Value { get; init; }

    /// <summary>The Python <c>repr</c> of <see cref="Value"/>; null when the code did not end with an expression or did not complete.</summary>
    public string? ValueRepr { get; init; }

    /// <summary>True when the run hit a limit or trapped and its session was put back exactly as it was before the run.</summary>
    public bool RolledBack { get; init; }

    /// <summary>True when <see cref="Status"/> is <see cref="RunStatus.Completed"/>.</summary>
    public bool IsSuccess => Status == RunStatus.Completed;
}
