namespace MicroPython.Sandbox.Runtime;

/// <summary>How a guest call ended, before it becomes a <see cref="RunResult"/>: a status, the Python error if one was raised, and the host's message.</summary>
internal readonly record struct RunOutcome(RunStatus Status, PythonError? Error = null, string? Message = null)
{
    /// <summary>The call ran to its end.</summary>
    public static RunOutcome Completed => new(RunStatus.Completed);

    /// <summary>The call raised <paramref name="error"/>.</summary>
    public static RunOutcome Raised(PythonError error) => new(RunStatus.PythonError, error);

    /// <summary>Whether the call ran to its end.</summary>
    public bool IsCompleted => Status == RunStatus.Completed;
}
