namespace MicroPython.Sandbox.Orleans;

/// <summary>
/// A session grain could not restore its stored snapshot: the bytes are damaged, truncated, from another build of the
/// interpreter, or larger than the silo's limits allow. The grain and the silo carry on; the stored bytes are kept as
/// they are (they may be worth inspecting) until <see cref="IPythonSessionGrain.ResetAsync"/> replaces them with a
/// fresh session.
/// </summary>
[GenerateSerializer]
[Alias("MicroPython.Sandbox.Orleans.PythonSessionStateException")]
public sealed class PythonSessionStateException : Exception
{
    // Kept as a number on the wire: the enum lives in the core library, which has no Orleans codecs.
    [Id(0)]
    private readonly int _reason;

    /// <summary>Creates an exception for a snapshot that is not valid (<see cref="SessionSnapshotError.Corrupt"/>).</summary>
    public PythonSessionStateException() : this(SessionSnapshotError.Corrupt, "The stored Python session could not be restored.")
    {
    }

    /// <summary>Creates an exception for a snapshot that is not valid (<see cref="SessionSnapshotError.Corrupt"/>), with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public PythonSessionStateException(string message) : this(SessionSnapshotError.Corrupt, message)
    {
    }

    /// <summary>Creates an exception for a snapshot that is not valid (<see cref="SessionSnapshotError.Corrupt"/>), with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that revealed it.</param>
    public PythonSessionStateException(string message, Exception? innerException) : base(message, innerException)
    {
        _reason = (int)SessionSnapshotError.Corrupt;
    }

    /// <summary>Creates an exception for <paramref name="reason"/>.</summary>
    /// <param name="reason">Why the snapshot could not be restored.</param>
    /// <param name="message">What is wrong.</param>
    public PythonSessionStateException(SessionSnapshotError reason, string message) : base(message)
    {
        _reason = (int)reason;
    }

    /// <summary>Why the stored snapshot could not be restored.</summary>
    public SessionSnapshotError Reason => (SessionSnapshotError)_reason;
}
