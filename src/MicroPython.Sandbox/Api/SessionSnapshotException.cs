namespace MicroPython.Sandbox;

/// <summary>Why a session snapshot could not be restored (see <see cref="SessionSnapshotException.Reason"/>).</summary>
public enum SessionSnapshotError
{
    /// <summary>The bytes are not a session snapshot, or they were changed after it was saved (the checksum or a field does not hold).</summary>
    Corrupt,

    /// <summary>The stream ended before the snapshot did.</summary>
    Truncated,

    /// <summary>The snapshot was written in a format version this library does not read.</summary>
    UnsupportedVersion,

    /// <summary>The snapshot was saved by another build of the interpreter; it can only be restored by the build that saved it.</summary>
    EngineMismatch,

    /// <summary>The snapshot holds more than the restoring session's options allow (memory, files).</summary>
    ExceedsLimits,
}

/// <summary>
/// A session snapshot could not be restored: it is damaged, truncated, from another interpreter build, or larger
/// than the restoring session's limits. Nothing is left behind: no session was created.
/// </summary>
public sealed class SessionSnapshotException : Exception
{
    /// <summary>Creates an exception for <see cref="SessionSnapshotError.Corrupt"/>.</summary>
    public SessionSnapshotException() : this(SessionSnapshotError.Corrupt, "The session snapshot is not valid.")
    {
    }

    /// <summary>Creates an exception for <see cref="SessionSnapshotError.Corrupt"/> with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public SessionSnapshotException(string message) : this(SessionSnapshotError.Corrupt, message)
    {
    }

    /// <summary>Creates an exception for <see cref="SessionSnapshotError.Corrupt"/> with a message and the exception that revealed it.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that revealed it.</param>
    public SessionSnapshotException(string message, Exception? innerException) : this(SessionSnapshotError.Corrupt, message, innerException)
    {
    }

    /// <summary>Creates an exception for <paramref name="reason"/>.</summary>
    /// <param name="reason">Why the snapshot could not be restored.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that revealed it, if any.</param>
    public SessionSnapshotException(SessionSnapshotError reason, string message, Exception? innerException = null) : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the snapshot could not be restored.</summary>
    public SessionSnapshotError Reason { get; }
}
