using MicroPython.Sandbox.Engine;
using MicroPython.Sandbox.FileSystem;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox;

/// <summary>
/// Runs Python source in a fresh, isolated MicroPython interpreter with hard limits. Every call gets an
/// interpreter in the state of the start-up image (a new instance, or a finished one reset to that image
/// byte for byte): no globals, modules, files or heap contents carry over between calls. Safe to call
/// from many threads at once.
/// </summary>
public static class PythonSandbox
{
    /// <summary>
    /// The folder where compiled interpreter code is cached, so compilation is paid once per machine.
    /// Defaults to the <c>MPSANDBOX_CACHE_DIR</c> environment variable, else a folder under the user's
    /// local application data. Null disables the cache. Set it before the first run.
    /// </summary>
    public static string? CacheDirectory
    {
        get => SandboxEngine.CacheDirectory;
        set => SandboxEngine.CacheDirectory = value;
    }

    /// <summary>Loads (and if needed compiles) the interpreter now rather than on the first run.</summary>
    /// <param name="options">Options whose fuel setting selects the engine to load; null for the default.</param>
    /// <returns>How long loading took; zero when it was already loaded.</returns>
    public static TimeSpan Preload(SandboxOptions? options = null)
    {
        var engine = SandboxEngine.Get((options ?? SandboxOptions.Default).Fuel is not null);
        return engine.LoadTime;
    }

    /// <summary>Runs <paramref name="code"/> in a fresh sandbox.</summary>
    /// <param name="code">Python source.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the run with <see cref="RunStatus.Cancelled"/>.</param>
    /// <returns>The outcome; guest errors and limit hits are reported here, not thrown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A mounted directory is missing, or files and mounts conflict.</exception>
    public static RunResult Run(string code, SandboxOptions? options = null, CancellationToken cancellationToken = default) =>
        Run(code, options, null, cancellationToken);

    /// <summary>Runs <paramref name="code"/> in a fresh sandbox with settings of its own for this run (streams, time limit, <c>sys.argv</c>).</summary>
    /// <param name="code">Python source.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <param name="runOptions">Settings for this run; null for none.</param>
    /// <param name="cancellationToken">Stops the run with <see cref="RunStatus.Cancelled"/>.</param>
    /// <returns>The outcome; guest errors and limit hits are reported here, not thrown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A mounted directory is missing, or files and mounts conflict.</exception>
    public static RunResult Run(string code, SandboxOptions? options, RunOptions? runOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        options ??= SandboxOptions.Default;
        options.Validate();
        runOptions?.Validate();
        return RunCore(code, options, runOptions, cancellationToken);
    }

    /// <summary>Runs UTF-8 encoded <paramref name="utf8Code"/> in a fresh sandbox. Invalid UTF-8 is reported as a SyntaxError.</summary>
    /// <inheritdoc cref="Run(string, SandboxOptions?, CancellationToken)"/>
    public static RunResult Run(ReadOnlySpan<byte> utf8Code, SandboxOptions? options = null, CancellationToken cancellationToken = default) =>
        Run(utf8Code, options, null, cancellationToken);

    /// <summary>Runs UTF-8 encoded <paramref name="utf8Code"/> in a fresh sandbox with settings of its own for this run. Invalid UTF-8 is reported as a SyntaxError.</summary>
    /// <inheritdoc cref="Run(string, SandboxOptions?, RunOptions?, CancellationToken)"/>
    public static RunResult Run(ReadOnlySpan<byte> utf8Code, SandboxOptions? options, RunOptions? runOptions, CancellationToken cancellationToken = default)
    {
        options ??= SandboxOptions.Default;
        options.Validate();
        runOptions?.Validate();
        return SourceCheck.Check(utf8Code, options) ?? Execute(utf8Code, options, runOptions, cancellationToken);
    }

    /// <summary>Runs <paramref name="code"/> in a fresh sandbox on the thread pool.</summary>
    /// <inheritdoc cref="Run(string, SandboxOptions?, CancellationToken)"/>
    public static Task<RunResult> RunAsync(string code, SandboxOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(code, options, null, cancellationToken);

    /// <summary>Runs <paramref name="code"/> in a fresh sandbox on the thread pool, with settings of its own for this run.</summary>
    /// <inheritdoc cref="Run(string, SandboxOptions?, RunOptions?, CancellationToken)"/>
    public static Task<RunResult> RunAsync(string code, SandboxOptions? options, RunOptions? runOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        options ??= SandboxOptions.Default;
        options.Validate();
        runOptions?.Validate();
        return Task.Run(() => RunCore(code, options, runOptions, cancellationToken), CancellationToken.None);
    }

    private static RunResult RunCore(string code, SandboxOptions options, RunOptions? runOptions, CancellationToken cancellationToken) =>
        SourceCheck.Encode(code, options, out byte[] utf8) ?? Execute(utf8, options, runOptions, cancellationToken);

    private static RunResult Execute(ReadOnlySpan<byte> utf8, SandboxOptions options, RunOptions? runOptions, CancellationToken cancellationToken)
    {
        var fileSystem = VirtualFileSystem.Create(options);
        var interpreter = RecycledInterpreters.Rent(options.Fuel is not null, options.MemoryLimit);
        try
        {
            interpreter.FileSystem = fileSystem;
            return interpreter.Execute(utf8, options, runOptions, cancellationToken);
        }
        finally
        {
            RecycledInterpreters.Return(interpreter);
        }
    }
}
