using MicroPython.Sandbox.Engine;
using MicroPython.Sandbox.FileSystem;
using MicroPython.Sandbox.Interop;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox;

/// <summary>
/// Owns what sandboxes are made from: the loaded interpreter (one engine for unmetered runs and one for runs with
/// fuel, each with its pool of memories and an engine without pooling for sandboxes beyond it), the interpreters
/// kept for reuse, and the settings for all of that (<see cref="SandboxRuntimeOptions"/>). Engines load on first use.
/// Runtimes are independent: several with different settings can be used side by side in one process. Safe to use
/// from many threads at once.
/// </summary>
/// <remarks>
/// Most applications need only <see cref="Shared"/>, which <see cref="PythonSandbox"/> uses. Create a runtime of your
/// own for other settings, for example no pooling in a process that runs one program, or another cache folder.
/// </remarks>
public sealed class SandboxRuntime : IDisposable
{
    private static readonly Lazy<SandboxRuntime> SharedRuntime = new(() => new SandboxRuntime(new SandboxRuntimeOptions(), isShared: true));

    /// <summary>Slots for the engines: unmetered, metered, and the overflow engine of each.</summary>
    private readonly SandboxEngine?[] _engines = new SandboxEngine?[4];
    private readonly object[] _engineGates = [new(), new(), new(), new()];
    private readonly int _poolSize;
    private readonly bool _isShared;
    private volatile bool _disposed;
    private int _disposeStarted;

    /// <summary>Creates a runtime with the default settings (those of <see cref="Shared"/>).</summary>
    /// <exception cref="NotSupportedException">The Wasmtime binding loaded in this process is not one this library supports.</exception>
    public SandboxRuntime() : this(new SandboxRuntimeOptions())
    {
    }

    /// <summary>Creates a runtime with <paramref name="options"/>. Nothing is loaded until the first run (or <see cref="Preload"/>).</summary>
    /// <param name="options">The runtime's settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    /// <exception cref="NotSupportedException">The Wasmtime binding loaded in this process is not one this library supports.</exception>
    public SandboxRuntime(SandboxRuntimeOptions options) : this(options, isShared: false)
    {
    }

    private SandboxRuntime(SandboxRuntimeOptions options, bool isShared)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        WasmtimeInternals.Verify();
        Options = options;
        _isShared = isShared;
        // Reserving the pool's address space is checked once per runtime, before any engine asks for it.
        _poolSize = SandboxEngine.UsablePoolSize(options.PoolSize);
        Recycler = new RecycledInterpreters(this, options.RecycleInterpreters);
        // Session images are start-up images too: without those, sessions start the normal way as well.
        SessionImages = new Bridge.SessionImages(this, options.UseStartupImage);
    }

    /// <summary>
    /// The runtime with default settings, created on first use, that <see cref="PythonSandbox"/> and
    /// <see cref="PythonSession(SandboxOptions?)"/> use. Disposing it does nothing: it lives as long as the process.
    /// </summary>
    /// <exception cref="NotSupportedException">The Wasmtime binding loaded in this process is not one this library supports.</exception>
    public static SandboxRuntime Shared => SharedRuntime.Value;

    /// <summary>The runtime's settings.</summary>
    public SandboxRuntimeOptions Options { get; }

    /// <summary>The interpreters of finished runs kept for reuse.</summary>
    internal RecycledInterpreters Recycler { get; }

    /// <summary>The interpreter state right after the session prelude, per configuration, that new sessions start from.</summary>
    internal Bridge.SessionImages SessionImages { get; }

    /// <summary>Pool slots this runtime's pooled engines have: <see cref="SandboxRuntimeOptions.PoolSize"/>, or 0 where pooling cannot be used.</summary>
    internal int PoolSize => _poolSize;

    /// <summary>Runs <paramref name="code"/> in a fresh sandbox.</summary>
    /// <param name="code">Python source.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the run with <see cref="RunStatus.Cancelled"/>.</param>
    /// <returns>The outcome; guest errors and limit hits are reported here, not thrown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A mounted directory is missing, or files and mounts conflict.</exception>
    /// <exception cref="ObjectDisposedException">The runtime is disposed.</exception>
    public RunResult Run(string code, SandboxOptions? options = null, CancellationToken cancellationToken = default) =>
        Run(code, options, null, cancellationToken);

    /// <summary>Runs <paramref name="code"/> in a fresh sandbox with settings of its own for this run (streams, time limit, source name, <c>sys.argv</c>).</summary>
    /// <param name="code">Python source.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <param name="runOptions">Settings for this run only; null for none.</param>
    /// <param name="cancellationToken">Stops the run with <see cref="RunStatus.Cancelled"/>.</param>
    /// <returns>The outcome; guest errors and limit hits are reported here, not thrown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A mounted directory is missing, or files and mounts conflict.</exception>
    /// <exception cref="ObjectDisposedException">The runtime is disposed.</exception>
    public RunResult Run(string code, SandboxOptions? options, RunOptions? runOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        options = Checked(options, runOptions);
        return RunCore(code, options, runOptions, cancellationToken);
    }

    /// <summary>Runs UTF-8 encoded <paramref name="utf8Code"/> in a fresh sandbox. Invalid UTF-8 is reported as a SyntaxError.</summary>
    /// <inheritdoc cref="Run(string, SandboxOptions?, CancellationToken)"/>
    public RunResult Run(ReadOnlySpan<byte> utf8Code, SandboxOptions? options = null, CancellationToken cancellationToken = default) =>
        Run(utf8Code, options, null, cancellationToken);

    /// <summary>Runs UTF-8 encoded <paramref name="utf8Code"/> in a fresh sandbox with settings of its own for this run. Invalid UTF-8 is reported as a SyntaxError.</summary>
    /// <inheritdoc cref="Run(string, SandboxOptions?, RunOptions?, CancellationToken)"/>
    public RunResult Run(ReadOnlySpan<byte> utf8Code, SandboxOptions? options, RunOptions? runOptions, CancellationToken cancellationToken = default)
    {
        options = Checked(options, runOptions);
        if (SourceCheck.Check(utf8Code, options) is { } refused) return refused;
        return SourceRewriter.Rewrite(utf8Code) is { } rewritten
            ? RunCore(rewritten, options, runOptions, cancellationToken)
            : Execute(utf8Code, options, runOptions, cancellationToken);
    }

    /// <summary>Runs <paramref name="code"/> in a fresh sandbox on the thread pool.</summary>
    /// <inheritdoc cref="Run(string, SandboxOptions?, CancellationToken)"/>
    public Task<RunResult> RunAsync(string code, SandboxOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(code, options, null, cancellationToken);

    /// <summary>Runs <paramref name="code"/> in a fresh sandbox on the thread pool, with settings of its own for this run.</summary>
    /// <inheritdoc cref="Run(string, SandboxOptions?, RunOptions?, CancellationToken)"/>
    public Task<RunResult> RunAsync(string code, SandboxOptions? options, RunOptions? runOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        options = Checked(options, runOptions);
        // A copy: the caller may change its options (files, mounts) while the run waits for a thread.
        var snapshot = options.Clone();
        return Task.Run(() => RunCore(code, snapshot, runOptions, cancellationToken), CancellationToken.None);
    }

    /// <summary>The options a run uses (validated), after checking that the runtime can still make sandboxes.</summary>
    private SandboxOptions Checked(SandboxOptions? options, RunOptions? runOptions)
    {
        ThrowIfDisposed();
        options ??= SandboxOptions.Default;
        options.Validate();
        runOptions?.Validate();
        return options;
    }

    /// <summary>Starts a session on this runtime; the same as <see cref="PythonSession(SandboxRuntime, SandboxOptions?)"/>.</summary>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <returns>The new session; dispose it when done.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The runtime is disposed.</exception>
    public PythonSession CreateSession(SandboxOptions? options = null)
    {
        ThrowIfDisposed();
        return new PythonSession(this, options);
    }

    /// <summary>Loads (and if needed compiles) the interpreter now rather than on the first run.</summary>
    /// <param name="options">Options whose fuel setting selects the engine to load (runs with fuel use their own); null for the default.</param>
    /// <returns>
    /// How long this call spent loading: <see cref="TimeSpan.Zero"/> when that engine was already loaded, by an earlier
    /// call or run (or by another thread while this call waited for it).
    /// </returns>
    /// <exception cref="ObjectDisposedException">The runtime is disposed.</exception>
    public TimeSpan Preload(SandboxOptions? options = null)
    {
        bool metered = (options ?? SandboxOptions.Default).Fuel is not null;
        var engine = GetEngine(metered ? 1 : 0, metered, _poolSize, out bool loaded);
        return loaded ? engine.LoadTime : TimeSpan.Zero;
    }

    /// <summary>
    /// Releases the interpreters kept for reuse and lets the engines go: nothing new can be made from this runtime
    /// (calls throw <see cref="ObjectDisposedException"/>). Sessions already started keep working until disposed; the
    /// engines' native memory is released once the last of them is gone. Disposing <see cref="Shared"/> does nothing.
    /// </summary>
    public void Dispose()
    {
        if (_isShared || Interlocked.Exchange(ref _disposeStarted, 1) != 0) return;
        _disposed = true;
        Recycler.Dispose();
        SessionImages.Clear();
        for (int i = 0; i < _engines.Length; i++)
        {
            SandboxEngine? engine;
            lock (_engineGates[i])
            {
                engine = _engines[i];
                _engines[i] = null;
            }
            engine?.Dispose();
        }
    }

    /// <summary>The engine for metered or unmetered sandboxes, loaded on first use (pooled when the runtime pools).</summary>
    /// <exception cref="ObjectDisposedException">The runtime is disposed.</exception>
    internal SandboxEngine EngineFor(bool metered) => GetEngine(metered ? 1 : 0, metered, _poolSize, out _);

    /// <summary>The engine without pooling that takes sandboxes when every slot of <see cref="EngineFor"/>'s pool is in use.</summary>
    /// <exception cref="ObjectDisposedException">The runtime is disposed.</exception>
    internal SandboxEngine OverflowEngineFor(bool metered) => GetEngine(metered ? 3 : 2, metered, 0, out _);

    /// <summary>Whether <paramref name="engine"/> is one of this runtime's main (not overflow) engines.</summary>
    internal bool IsMainEngine(SandboxEngine engine) =>
        ReferenceEquals(Volatile.Read(ref _engines[engine.Metered ? 1 : 0]), engine);

    private SandboxEngine GetEngine(int slot, bool metered, int poolSize, out bool loaded)
    {
        loaded = false;
        ThrowIfDisposed();
        if (Volatile.Read(ref _engines[slot]) is { } existing) return existing;
        lock (_engineGates[slot])
        {
            ThrowIfDisposed();
            if (_engines[slot] is { } raced) return raced;
            var engine = new SandboxEngine(metered, poolSize, EngineFlavor.Standard, Options.CacheDirectory, Options.UseStartupImage);
            Volatile.Write(ref _engines[slot], engine);
            loaded = true;
            return engine;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private RunResult RunCore(string code, SandboxOptions options, RunOptions? runOptions, CancellationToken cancellationToken) =>
        SourceCheck.Encode(SourceRewriter.Rewrite(code), options, out byte[] utf8) ?? Execute(utf8, options, runOptions, cancellationToken);

    private RunResult Execute(ReadOnlySpan<byte> utf8, SandboxOptions options, RunOptions? runOptions, CancellationToken cancellationToken)
    {
        var fileSystem = VirtualFileSystem.Create(options);
        var interpreter = Recycler.Rent(options.Fuel is not null, options.MemoryLimit, options.StackBytes);
        try
        {
            interpreter.FileSystem = fileSystem;
            return interpreter.Execute(utf8, options, runOptions, cancellationToken);
        }
        finally
        {
            Recycler.Return(interpreter);
        }
    }
}
