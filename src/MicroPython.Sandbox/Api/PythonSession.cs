using System.Diagnostics;
using System.Text;
using MicroPython.Sandbox.Bridge;
using MicroPython.Sandbox.FileSystem;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox;

/// <summary>
/// A resident MicroPython interpreter that keeps its state between runs: globals, imports, functions,
/// classes and live objects persist. Python can call the .NET functions registered with
/// <see cref="DefineFunction(string, Delegate)"/> and <see cref="DefineModule"/>, and nothing else on the host.
/// <para>
/// A run that hits a limit (time, fuel, memory, output, cancellation) or traps is rolled back: the session
/// comes back exactly as it was before that run and <see cref="RunResult.RolledBack"/> is true. A run that
/// raises an uncaught Python exception is not rolled back (like a notebook cell, what ran before the
/// exception stays done). Garbage is collected when a run returns to the host.
/// </para>
/// <para>
/// Calls are serialized: a call made while another is running on another thread waits for it. A host
/// function that calls back into its own session gets an <see cref="InvalidOperationException"/>.
/// </para>
/// </summary>
public sealed class PythonSession : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<HostFunction> _functions = [];
    private readonly InterpreterSnapshot _snapshot = new();
    private readonly SandboxOptions _options;
    private readonly SandboxOptions _internalOptions;
    private readonly BridgeLimits _limits;
    private readonly SandboxRuntime _runtime;
    private Interpreter? _interpreter;
    private HostBridge? _bridge;
    private volatile bool _disposed;

    /// <summary>Starts a session on <see cref="SandboxRuntime.Shared"/> with the same limits a one-shot run takes; they apply to each run.</summary>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public PythonSession(SandboxOptions? options = null) : this(SandboxRuntime.Shared, options)
    {
    }

    /// <summary>Starts a session on <paramref name="runtime"/> with the same limits a one-shot run takes; they apply to each run.</summary>
    /// <param name="runtime">The runtime whose engines the session's interpreter comes from.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="runtime"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="runtime"/> is disposed.</exception>
    public PythonSession(SandboxRuntime runtime, SandboxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        options ??= new SandboxOptions();
        options.Validate();
        _options = options.Clone();
        _internalOptions = options.Clone();
        _internalOptions.Timeout = TimeSpan.FromSeconds(30);
        _internalOptions.Fuel = null;
        _limits = new BridgeLimits(options.MaxHostValueBytes, options.MaxHostValueDepth, options.MaxHostCalls);
        Globals = new SessionGlobals(this);
        Start();
    }

    /// <summary>The session's limits (a copy; changing it has no effect).</summary>
    public SandboxOptions Options => _options.Clone();

    /// <summary>Reads and writes the interpreter's global variables as .NET values.</summary>
    public SessionGlobals Globals { get; }

    /// <summary>How long the last state capture (taken before each run for rollback) took.</summary>
    public TimeSpan LastCaptureTime { get; private set; }

    /// <summary>How long the last rollback took.</summary>
    public TimeSpan LastRestoreTime { get; private set; }

    /// <summary>
    /// The in-memory files the guest has created or written and that exist now (for example a CSV or an
    /// SVG chart), in path order; files written through a writable mount are on the host already.
    /// </summary>
    public IReadOnlyList<SandboxFile> Files => WithInterpreter(CancellationToken.None, (interpreter, _) => interpreter.FileSystem.WrittenFiles());

    /// <summary>Bytes of the interpreter's linear memory (what a capture copies).</summary>
    public long MemoryBytes
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _interpreter?.Memory.Length ?? 0;
        }
    }

    /// <summary>Runs <paramref name="code"/> in the session.</summary>
    /// <param name="code">Python source.</param>
    /// <param name="cancellationToken">Stops the run with <see cref="RunStatus.Cancelled"/> (and rolls it back).</param>
    /// <returns>The outcome, with <see cref="RunResult.Value"/> when the code ends with an expression.</returns>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="InvalidOperationException">Called from a host function of this session.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting for another call on the session to finish.</exception>
    public RunResult Run(string code, CancellationToken cancellationToken = default) => Run(code, null, cancellationToken);

    /// <summary>Runs <paramref name="code"/> in the session with settings of its own (time limit, streams, <c>sys.argv</c>).</summary>
    /// <param name="code">Python source.</param>
    /// <param name="runOptions">Settings for this run only; null for the session's.</param>
    /// <param name="cancellationToken">Stops the run with <see cref="RunStatus.Cancelled"/> (and rolls it back).</param>
    /// <returns>The outcome, with <see cref="RunResult.Value"/> when the code ends with an expression.</returns>
    /// <exception cref="ArgumentException">A setting of <paramref name="runOptions"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="InvalidOperationException">Called from a host function of this session.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting for another call on the session to finish.</exception>
    public RunResult Run(string code, RunOptions? runOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        runOptions?.Validate();
        if (SourceCheck.Encode(code, _options, out byte[] utf8) is { } refused) return refused;

        code = SessionSource.Dedent(code);
        var arguments = new List<Interpreter.GuestArgument> { code };
        foreach (var (offset, line) in SessionSource.ExpressionCandidates(code))
        {
            arguments.Add(offset);
            arguments.Add(line);
        }
        return WithInterpreter(cancellationToken, (interpreter, bridge) =>
        {
            var result = Guarded(interpreter, () => interpreter.CallPython(bridge.Kept![Prelude.Run], arguments, _options, runOptions, cancellationToken));
            if (result.Status != RunStatus.Completed || bridge.Reported is not { } reported) return result;
            object? value = null;
            if (reported.Payload is { } payload) value = DecodeOrNull(payload);
            return Copy(result, result.Error, value, reported.Repr, false);
        });
    }

    /// <summary>
    /// Calls the Python callable held by the global <paramref name="function"/> with positional arguments
    /// converted from .NET (see <see cref="DefineFunction(string, Delegate)"/>), under the session's limits.
    /// The return value is in <see cref="RunResult.Value"/>/<see cref="RunResult.ValueRepr"/>; a Python
    /// exception is a <see cref="RunStatus.PythonError"/> result; a limit rolls the session back.
    /// </summary>
    /// <param name="function">The global's name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <exception cref="ArgumentException">The name is not an identifier, or an argument has no Python form or is over the value limits.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="InvalidOperationException">Called from a host function of this session.</exception>
    public RunResult Call(string function, params object?[] arguments) => Call(function, arguments, CancellationToken.None);

    /// <inheritdoc cref="Call(string, object?[])"/>
    /// <param name="function">The global's name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Stops the call with <see cref="RunStatus.Cancelled"/> (and rolls it back).</param>
    public RunResult Call(string function, IReadOnlyList<object?> arguments, CancellationToken cancellationToken)
    {
        ValidateIdentifier(function, nameof(function));
        ArgumentNullException.ThrowIfNull(arguments);
        string payload = EncodeForGuest(arguments.ToArray(), nameof(arguments));
        return WithInterpreter(cancellationToken, (interpreter, bridge) =>
        {
            var result = Guarded(interpreter, () => interpreter.CallPython(bridge.Kept![Prelude.CallFunction], [function, payload], _options, null, cancellationToken));
            if (result.Status != RunStatus.Completed || bridge.Reported is not { } reported) return result;
            return Copy(result, null, reported.Payload is { } p ? DecodeOrNull(p) : null, reported.Repr, false);
        });
    }

    /// <summary>Runs <paramref name="code"/> in the session on the thread pool.</summary>
    /// <inheritdoc cref="Run(string, CancellationToken)"/>
    public Task<RunResult> RunAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowIfReentrant();
        return Task.Run(() => Run(code, cancellationToken), CancellationToken.None);
    }

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as the global <paramref name="name"/>, e.g.
    /// <c>DefineFunction("add", (int a, int b) => a + b)</c>. Python may pass positional and keyword
    /// arguments (by the delegate's parameter names); parameters with defaults are optional.
    /// <para>
    /// Values convert both ways: None/null, bool, int (<see cref="long"/>, or <see cref="System.Numerics.BigInteger"/>
    /// when larger; any integer type as a parameter), float/<see cref="double"/>, str/<see cref="string"/>,
    /// bytes/<see cref="T:byte[]"/>, list/<see cref="List{T}"/>, tuple/object?[] (and .NET tuples back),
    /// dict with str keys/<see cref="Dictionary{TKey,TValue}"/>; nested. An <see cref="object"/> parameter
    /// receives these natural forms; a <see cref="System.Text.Json.JsonElement"/> parameter receives JSON
    /// (bytes as base64); other parameter types are filled by System.Text.Json from that JSON. A value that
    /// cannot be converted raises TypeError in Python naming the function and the parameter.
    /// </para>
    /// <para>
    /// A function returning <see cref="Task"/>/<see cref="Task{TResult}"/>/<see cref="ValueTask{TResult}"/> is
    /// awaited while the guest waits, within the run's time limit and cancellation. A
    /// <see cref="CancellationToken"/> parameter receives the run's token and is not visible to Python.
    /// An exception thrown by the function becomes <c>mpsandbox.HostError</c> in Python, with the .NET
    /// type name and message (never the stack trace).
    /// </para>
    /// </summary>
    /// <param name="name">A Python identifier.</param>
    /// <param name="function">The delegate.</param>
    /// <exception cref="ArgumentException">The name is not an identifier, or a parameter is by reference.</exception>
    public void DefineFunction(string name, Delegate function) => Define(null, name, function);

    /// <summary>
    /// Registers a module of functions that Python imports: <c>DefineModule("db", ...)</c> then
    /// <c>import db; db.query("...")</c>. Functions follow the rules of <see cref="DefineFunction(string, Delegate)"/>.
    /// Defining the same module again adds to it.
    /// </summary>
    /// <param name="name">The module name, a Python identifier.</param>
    /// <param name="functions">Function names and delegates.</param>
    public void DefineModule(string name, IReadOnlyDictionary<string, Delegate> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ValidateIdentifier(name, nameof(name));
        foreach (var (fname, function) in functions) Define(name, fname, function);
    }

    /// <summary>Replaces the interpreter with a fresh one; registered functions stay registered.</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowIfReentrant();
        _gate.Wait();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _interpreter?.Dispose();
            _interpreter = null;
            _bridge = null;
            Start();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Releases the interpreter and its memory. Waits for a run in progress to finish.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        ThrowIfReentrant();
        _gate.Wait();
        try
        {
            if (_disposed) return;
            _disposed = true;
            _interpreter?.Dispose();
            _interpreter = null;
            _bridge = null;
            _snapshot.Release();
        }
        finally
        {
            _gate.Release();
        }
    }

    // ---- internals shared with SessionGlobals ----

    internal T WithInterpreter<T>(CancellationToken cancellationToken, Func<Interpreter, HostBridge, T> action)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowIfReentrant();
        _gate.Wait(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_interpreter is null || _bridge is null) Start();
            return action(_interpreter!, _bridge!);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs one guest call with a capture before it and a rollback when it stops on a limit or trap.</summary>
    internal RunResult Guarded(Interpreter interpreter, Func<RunResult> call)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            interpreter.Capture(_snapshot);
            LastCaptureTime = Stopwatch.GetElapsedTime(started);

            var result = call();
            if (result.Status is RunStatus.Completed or RunStatus.PythonError)
                return result.Error is { } error ? Copy(result, Clean(error), null, null, false) : result;

            started = Stopwatch.GetTimestamp();
            interpreter.Restore(_snapshot);
            LastRestoreTime = Stopwatch.GetElapsedTime(started);
            return Copy(result, result.Error is { } e ? Clean(e) : null, null, null, true);
        }
        finally
        {
            _snapshot.Release();
        }
    }

    internal SandboxOptions RunOptions => _options;

    /// <summary>Encodes a .NET value as the prelude's payload text; ArgumentException when it has no Python form or is too large.</summary>
    internal string EncodeForGuest(object? value, string parameter)
    {
        byte[] payload;
        try
        {
            payload = ValueCodec.EncodePayload(value, _limits.MaxDepth, _limits.MaxValueBytes);
        }
        catch (BridgeException e)
        {
            throw new ArgumentException($"{e.Message}.", parameter, e);
        }
        if (payload.Length - 1 > _limits.MaxValueBytes)
            throw new ArgumentException($"The value is {payload.Length - 1} bytes encoded; the limit is {_limits.MaxValueBytes}.", parameter);
        return Encoding.UTF8.GetString(payload);
    }

    internal BridgeLimits Limits => _limits;

    internal object? DecodeOrNull(byte[] payload)
    {
        try
        {
            var value = Decode(payload, out bool unconvertible);
            return unconvertible ? null : value;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    internal object? Decode(byte[] payload, out bool unconvertible) =>
        ValueCodec.Decode(payload, _limits.MaxDepth + 2, out unconvertible);

    internal void ThrowIfReentrant()
    {
        if (ReferenceEquals(HostBridge.ActiveOwner.Value, this))
            throw new InvalidOperationException("A host function cannot call back into the session that is running it.");
    }

    internal static void ValidateIdentifier(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameter);
        if (!Prelude.IsIdentifier(name)) throw new ArgumentException($"'{name}' is not a Python identifier (ASCII letters, digits and underscores, not starting with a digit, not a keyword).", parameter);
    }

    private void Define(string? module, string name, Delegate function)
    {
        ArgumentNullException.ThrowIfNull(function);
        ValidateIdentifier(name, nameof(name));
        WithInterpreter(CancellationToken.None, (interpreter, bridge) =>
        {
            var fn = new HostFunction(_functions.Count, name, module, function);
            _functions.Add(fn);
            Install(interpreter, bridge, fn);
            return 0;
        });
    }

    private void Install(Interpreter interpreter, HostBridge bridge, HostFunction fn)
    {
        var result = Guarded(interpreter, () => interpreter.CallPython(bridge.Kept![Prelude.Define], [fn.Id, fn.Name, fn.Module ?? "", Prelude.Wrapper(fn)], _internalOptions, null, CancellationToken.None));
        if (!result.IsSuccess)
            throw new InvalidOperationException($"Could not install '{fn.Name}' in the session: {result.Status} {result.Message ?? result.Error?.ToString()}");
    }

    /// <summary>Creates the interpreter, loads the prelude and installs every registered function.</summary>
    private void Start()
    {
        var interpreter = Interpreter.Create(_runtime, _options.Fuel is not null, _options.MemoryLimit);
        try
        {
            // The session's files live as long as its interpreter and roll back with it.
            interpreter.FileSystem = VirtualFileSystem.Create(_options);
            interpreter.RollbackState = interpreter.FileSystem;
            var bridge = new HostBridge(interpreter, _functions, _limits, this);
            interpreter.Bridge = bridge;
            interpreter.RegisterModule(Prelude.HostModule, HostBridge.RootRef);
            bridge.MarkAlive(HostBridge.RootRef);
            var boot = interpreter.Execute(Encoding.UTF8.GetBytes(Prelude.Loader), _internalOptions, null, CancellationToken.None);
            if (!boot.IsSuccess || bridge.Kept is not { Length: Prelude.Count })
                throw new InvalidOperationException($"The session interpreter failed to start: {boot.Status} {boot.Message ?? boot.Error?.ToString()}");
            foreach (var fn in _functions) Install(interpreter, bridge, fn);
            _interpreter = interpreter;
            _bridge = bridge;
        }
        catch
        {
            interpreter.Dispose();
            throw;
        }
    }

    /// <summary>The error without the prelude's frames; its type, message and line come from the code's own frames and stay.</summary>
    private static PythonError Clean(PythonError error)
    {
        if (!error.Traceback.Contains(Prelude.FileName, StringComparison.Ordinal)) return error;
        var lines = error.Traceback.Split('\n').Where(l => !l.Contains("File \"" + Prelude.FileName + "\"", StringComparison.Ordinal));
        return error with { Traceback = string.Join('\n', lines) };
    }

    private static RunResult Copy(RunResult r, PythonError? error, object? value, string? repr, bool rolledBack) => new()
    {
        Status = r.Status,
        Stdout = r.Stdout,
        Stderr = r.Stderr,
        Error = error,
        Message = r.Message,
        ExitCode = r.ExitCode,
        OutputTruncated = r.OutputTruncated,
        FuelConsumed = r.FuelConsumed,
        PeakMemoryBytes = r.PeakMemoryBytes,
        WallTime = r.WallTime,
        Value = value,
        ValueRepr = repr,
        RolledBack = rolledBack,
    };


}
