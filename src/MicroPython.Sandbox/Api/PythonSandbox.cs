namespace MicroPython.Sandbox;

/// <summary>
/// Runs Python source in a fresh, isolated MicroPython interpreter with hard limits. Every call gets an
/// interpreter in the state of the start-up image (a new instance, or a finished one reset to that image
/// byte for byte): no globals, modules, files or heap contents carry over between calls. Safe to call
/// from many threads at once.
/// </summary>
/// <remarks>
/// Every member runs on <see cref="SandboxRuntime.Shared"/>, the runtime with default settings. For other settings
/// (no pooling, another cache folder or none), create a <see cref="SandboxRuntime"/> and call the same members on it.
/// </remarks>
public static class PythonSandbox
{
    /// <summary>Loads (and if needed compiles) the interpreter now rather than on the first run.</summary>
    /// <param name="options">Options whose fuel setting selects the engine to load (runs with fuel use their own); null for the default.</param>
    /// <returns>How long this call spent loading: <see cref="TimeSpan.Zero"/> when that engine was already loaded.</returns>
    /// <exception cref="NotSupportedException">The Wasmtime binding loaded in this process is not one this library supports.</exception>
    public static TimeSpan Preload(SandboxOptions? options = null) => SandboxRuntime.Shared.Preload(options);

    /// <summary>Runs <paramref name="code"/> in a fresh sandbox.</summary>
    /// <param name="code">Python source.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the run with <see cref="RunStatus.Cancelled"/>.</param>
    /// <returns>The outcome; guest errors and limit hits are reported here, not thrown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A mounted directory is missing, or files and mounts conflict.</exception>
    public static RunResult Run(string code, SandboxOptions? options = null, CancellationToken cancellationToken = default) =>
        SandboxRuntime.Shared.Run(code, options, cancellationToken);

    /// <summary>Runs <paramref name="code"/> in a fresh sandbox with settings of its own for this run (streams, time limit, source name, <c>sys.argv</c>).</summary>
    /// <inheritdoc cref="SandboxRuntime.Run(string, SandboxOptions?, RunOptions?, CancellationToken)"/>
    public static RunResult Run(string code, SandboxOptions? options, RunOptions? runOptions, CancellationToken cancellationToken = default) =>
        SandboxRuntime.Shared.Run(code, options, runOptions, cancellationToken);

    /// <summary>Runs UTF-8 encoded <paramref name="utf8Code"/> in a fresh sandbox. Invalid UTF-8 is reported as a SyntaxError.</summary>
    /// <inheritdoc cref="Run(string, SandboxOptions?, CancellationToken)"/>
    public static RunResult Run(ReadOnlySpan<byte> utf8Code, SandboxOptions? options = null, CancellationToken cancellationToken = default) =>
        SandboxRuntime.Shared.Run(utf8Code, options, cancellationToken);

    /// <summary>Runs UTF-8 encoded <paramref name="utf8Code"/> in a fresh sandbox with settings of its own for this run.</summary>
    /// <inheritdoc cref="SandboxRuntime.Run(ReadOnlySpan{byte}, SandboxOptions?, RunOptions?, CancellationToken)"/>
    public static RunResult Run(ReadOnlySpan<byte> utf8Code, SandboxOptions? options, RunOptions? runOptions, CancellationToken cancellationToken = default) =>
        SandboxRuntime.Shared.Run(utf8Code, options, runOptions, cancellationToken);

    /// <summary>Runs <paramref name="code"/> in a fresh sandbox on the thread pool.</summary>
    /// <inheritdoc cref="Run(string, SandboxOptions?, CancellationToken)"/>
    public static Task<RunResult> RunAsync(string code, SandboxOptions? options = null, CancellationToken cancellationToken = default) =>
        SandboxRuntime.Shared.RunAsync(code, options, cancellationToken);

    /// <summary>Runs <paramref name="code"/> in a fresh sandbox on the thread pool, with settings of its own for this run.</summary>
    /// <inheritdoc cref="SandboxRuntime.Run(string, SandboxOptions?, RunOptions?, CancellationToken)"/>
    public static Task<RunResult> RunAsync(string code, SandboxOptions? options, RunOptions? runOptions, CancellationToken cancellationToken = default) =>
        SandboxRuntime.Shared.RunAsync(code, options, runOptions, cancellationToken);
}
