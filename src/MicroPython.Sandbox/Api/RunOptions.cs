namespace MicroPython.Sandbox;

/// <summary>
/// Settings for one run that override the sandbox's or session's <see cref="SandboxOptions"/> for that run only:
/// its time limit, the streams it reads and writes, the name its tracebacks show and its <c>sys.argv</c>. A
/// session takes a new instance per run, so each cell of a notebook or turn of an agent can have its own input.
/// </summary>
public sealed class RunOptions
{
    /// <summary>Wall-clock limit for this run, instead of <see cref="SandboxOptions.Timeout"/>; null keeps the sandbox's.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>What this run's <c>input()</c> and <c>sys.stdin</c> read, instead of <see cref="SandboxOptions.StandardInput"/>.</summary>
    public Stream? StandardInput { get; init; }

    /// <summary>Where this run's standard output streams, instead of <see cref="SandboxOptions.StandardOutput"/>.</summary>
    public Stream? StandardOutput { get; init; }

    /// <summary>Where this run's standard error streams, instead of <see cref="SandboxOptions.StandardError"/>.</summary>
    public Stream? StandardError { get; init; }

    /// <summary>
    /// The file name the code's frames show in tracebacks (for example <c>script.py</c>), instead of <c>&lt;stdin&gt;</c>.
    /// It names the code only; it does not make a file of that name exist in the sandbox.
    /// </summary>
    public string? SourceName { get; init; }

    /// <summary>The run's <c>sys.argv</c>, script name first as in CPython; null leaves <c>sys.argv</c> as it is.</summary>
    public IReadOnlyList<string>? Arguments { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    internal void Validate()
    {
        if (Timeout is { } timeout) Limits.RunLimits.ValidateTimeout(timeout, nameof(Timeout));
        if (SourceName is { } name && (name.Length == 0 || name.AsSpan().IndexOfAny('"', '\n', '\0') >= 0))
            throw new ArgumentException("SourceName must be a non-empty name without quotes, newlines or NUL characters.", nameof(SourceName));
        if (Arguments is { } arguments)
            foreach (var argument in arguments)
                if (argument is null) throw new ArgumentException("Arguments cannot contain null.", nameof(Arguments));
    }
}
