using MicroPython.Sandbox.Bridge;

namespace MicroPython.Sandbox;

// Saving a session to a stream, restoring it (in this process or another), and forking it.
public sealed partial class PythonSession
{
    /// <summary>Wraps a session engine made by <paramref name="create"/> (a restored or forked one).</summary>
    private PythonSession(Func<PythonSession, SessionRuntime> create)
    {
        _session = create(this);
        Globals = new SessionGlobals(_session);
    }

    /// <summary>
    /// Saves the session's state to <paramref name="destination"/>: the interpreter's memory (the parts the session
    /// has used, compressed), its globals, imports and live objects, the guest's in-memory files and open files, and
    /// the names of the host functions it was given. <see cref="Restore(Stream, SandboxOptions?, CancellationToken)"/>
    /// brings it back, in this process or another one running the same build of this library.
    /// <para>
    /// Host functions are not saved, only their names: the restoring host defines its own. Files the host provided
    /// and mounted directories are not saved either: they come from the restoring session's options. The snapshot is
    /// protected by a checksum against damage, not against deliberate change: store it where only you can write it,
    /// or sign it. Waits for a call in progress, like a run.
    /// </para>
    /// </summary>
    /// <param name="destination">A writable stream; the snapshot is written at its current position.</param>
    /// <param name="cancellationToken">Stops waiting for a call in progress.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="InvalidOperationException">Called from a host function of this session.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public void Save(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _session.Save(destination, cancellationToken);
    }

    /// <summary>Saves the session's state to <paramref name="destination"/>, waiting for a call in progress and writing without blocking a thread.</summary>
    /// <inheritdoc cref="Save(Stream, CancellationToken)"/>
    /// <returns>A task that completes when the snapshot is written.</returns>
    public Task SaveAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _session.ThrowIfDisposed();
        _session.ThrowIfReentrant();
        return _session.SaveAsync(destination, cancellationToken);
    }

    /// <summary>Restores a session saved with <see cref="Save(Stream, CancellationToken)"/> on <see cref="SandboxRuntime.Shared"/>.</summary>
    /// <inheritdoc cref="Restore(SandboxRuntime, Stream, SandboxOptions?, CancellationToken)"/>
    public static PythonSession Restore(Stream source, SandboxOptions? options = null, CancellationToken cancellationToken = default) =>
        Restore(SandboxRuntime.Shared, source, options, cancellationToken);

    /// <summary>
    /// Restores a session saved with <see cref="Save(Stream, CancellationToken)"/>: a new session on
    /// <paramref name="runtime"/> in the saved state, with <paramref name="options"/>' limits, files and mounts.
    /// <para>
    /// Define the host functions the session needs after restoring it, by the same names: the guest's references to
    /// them work again. Until then, a call to one raises <c>RuntimeError</c> in Python saying it is not available.
    /// The bytes are treated as untrusted: anything that does not check out is a <see cref="SessionSnapshotException"/>,
    /// and memory that checks out but was crafted is only ever guest memory, inside the session's limits.
    /// </para>
    /// </summary>
    /// <param name="runtime">The runtime whose engines the session's interpreter comes from.</param>
    /// <param name="source">A readable stream positioned at the snapshot; it is read to the snapshot's end.</param>
    /// <param name="options">The restored session's limits, files and mounts; null for the defaults. The memory limit must hold the saved memory.</param>
    /// <param name="cancellationToken">Stops reading the stream.</param>
    /// <returns>The restored session; dispose it when done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="runtime"/> or <paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="SessionSnapshotException">
    /// The snapshot is damaged or truncated, was saved by another build of the interpreter, or exceeds
    /// <paramref name="options"/>' limits (see <see cref="SessionSnapshotException.Reason"/>).
    /// </exception>
    /// <exception cref="ObjectDisposedException"><paramref name="runtime"/> is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static PythonSession Restore(SandboxRuntime runtime, Stream source, SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        var checkedOptions = CheckRestore(runtime, source, options);
        // Synchronous all the way down: the task has completed when it returns.
        var envelope = SessionRuntime.ReadSnapshotAsync(runtime, checkedOptions, source, synchronous: true, cancellationToken).GetAwaiter().GetResult();
        return new PythonSession(owner => SessionRuntime.Restore(runtime, checkedOptions, owner, envelope));
    }

    /// <summary>Restores a session saved with <see cref="Save(Stream, CancellationToken)"/> on <see cref="SandboxRuntime.Shared"/>, reading without blocking a thread.</summary>
    /// <inheritdoc cref="Restore(SandboxRuntime, Stream, SandboxOptions?, CancellationToken)"/>
    public static Task<PythonSession> RestoreAsync(Stream source, SandboxOptions? options = null, CancellationToken cancellationToken = default) =>
        RestoreAsync(SandboxRuntime.Shared, source, options, cancellationToken);

    /// <summary>Restores a session saved with <see cref="Save(Stream, CancellationToken)"/>, reading the stream without blocking a thread.</summary>
    /// <inheritdoc cref="Restore(SandboxRuntime, Stream, SandboxOptions?, CancellationToken)"/>
    public static async Task<PythonSession> RestoreAsync(SandboxRuntime runtime, Stream source, SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        var checkedOptions = CheckRestore(runtime, source, options);
        var envelope = await SessionRuntime.ReadSnapshotAsync(runtime, checkedOptions, source, synchronous: false, cancellationToken).ConfigureAwait(false);
        return new PythonSession(owner => SessionRuntime.Restore(runtime, checkedOptions, owner, envelope));
    }

    /// <summary>
    /// Starts a new, independent session in this session's current state: the same globals, objects, files, options
    /// and host functions. Runs in either session do not affect the other. Memory is copied page by page, and only
    /// the pages either interpreter has written where the platform tells which those are (Linux); file bytes are shared
    /// until one side writes. Waits for a call in progress, like a run.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for a call in progress.</param>
    /// <returns>The new session; dispose it when done.</returns>
    /// <exception cref="ObjectDisposedException">The session (or its runtime) was disposed.</exception>
    /// <exception cref="InvalidOperationException">Called from a host function of this session.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public PythonSession Fork(CancellationToken cancellationToken = default)
    {
        var fork = new PythonSession(owner => _session.Fork(owner, cancellationToken));
        fork._typeInfoResolver = _typeInfoResolver;
        return fork;
    }

    private static SandboxOptions CheckRestore(SandboxRuntime runtime, Stream source, SandboxOptions? options)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(source);
        options ??= new SandboxOptions();
        options.Validate();
        return options;
    }
}
