namespace MicroPython.Sandbox.Limits;

/// <summary>
/// The cap on a run's standard output plus standard error. Output up to the cap is kept (or streamed); the write
/// that passes it is cut at the cap and stops the run with <see cref="RunStatus.OutputLimitExceeded"/>, so the
/// result holds exactly <see cref="MaxBytes"/> bytes and says it was truncated.
/// </summary>
internal sealed class OutputBudget(long maxBytes)
{
    /// <summary>The cap, in bytes of UTF-8 as the guest wrote them.</summary>
    public long MaxBytes { get; } = maxBytes;

    /// <summary>Bytes admitted so far.</summary>
    public long Used { get; private set; }

    /// <summary>Whether a write was cut at the cap.</summary>
    public bool Truncated { get; private set; }

    /// <summary>
    /// Admits a write of <paramref name="length"/> bytes: returns how many of them fit under the cap. Fewer than
    /// <paramref name="length"/> means the cap is passed: write what fits, then stop the run.
    /// </summary>
    public int Admit(int length)
    {
        long room = MaxBytes - Used;
        int admitted = length > room ? (int)Math.Max(0, room) : length;
        if (admitted < length) Truncated = true;
        Used += admitted;
        return admitted;
    }
}
