namespace MicroPython.Sandbox.Runtime;

/// <summary>Why the host stopped a run before the guest finished it (mapped to a status by <see cref="Limits.LimitOutcome"/>).</summary>
internal enum StopReason
{
    None,
    Timeout,
    Cancelled,
    OutputLimit,
    GuestFault,
}

/// <summary>Raised inside a host callback to stop the guest; Wasmtime turns it into a trap.</summary>
internal sealed class StopRunException(StopReason reason, string message) : Exception(message)
{
    public StopReason Reason { get; } = reason;
}
