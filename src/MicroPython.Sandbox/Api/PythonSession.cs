using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using MicroPython.Sandbox.Bridge;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox;

/// <summary>
/// A resident MicroPython interpreter that keeps its state between runs: globals, imports, functions,
/// classes and live objects persist. Python can call the .NET functions registered with the
/// <c>DefineFunction</c> overloads, and nothing else on the host.
/// <para>
/// A run that hits a limit (time, fuel, memory, output, cancellation) or traps is rolled back: the session
/// comes back exactly as it was before that run and <see cref="RunResult.RolledBack"/> is true. A run that
/// raises an uncaught Python exception is not rolled back (like a notebook cell, what ran before the
/// exception stays done). Garbage is collected when a run returns to the host.
/// </para>
/// <para>
/// Calls are serialized: a call made while another is running waits for it (<see cref="RunAsync(string, CancellationToken)"/>
/// and <see cref="CallAsync"/> wait without blocking a thread). A host function that calls back into its own
/// session gets an <see cref="InvalidOperationException"/>.
/// </para>
/// </summary>
public sealed partial class PythonSession : IDisposable, IAsyncDisposable
{
    private readonly SessionRuntime _session;
    private IJsonTypeInfoResolver? _typeInfoResolver;

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
        options ??= new SandboxOptions();
        options.Validate();
        _session = new SessionRuntime(runtime, options, this);
        Globals = new SessionGlobals(_session);
    }

    /// <summary>The session's limits (a copy; changing it has no effect).</summary>
    public SandboxOptions Options => _session.Options.Clone();

    /// <summary>Reads and writes the interpreter's global variables as .NET values.</summary>
    public SessionGlobals Globals { get; }

    /// <summary>
    /// Converts your own types (records, classes) when host functions take or return them and in
    /// <see cref="SessionGlobals.Get{T}"/>: typically a source-generated <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>
    /// listing them (<c>[JsonSerializable(typeof(Order))]</c>), or several combined with <c>JsonTypeInfoResolver.Combine</c>.
    /// Python dict keys match property names regardless of case.
    /// <para>
    /// Scalars and lists, arrays and string-keyed dictionaries of scalars need no resolver. Without one, other
    /// parameter types are filled by System.Text.Json's reflection where it is enabled (not in trimmed or Native
    /// AOT apps, where defining such a function throws an <see cref="ArgumentException"/> saying what to do), and
    /// other result types cannot be returned. Set it before defining the functions that use it.
    /// </para>
    /// </summary>
    public IJsonTypeInfoResolver? TypeInfoResolver
    {
        get => _typeInfoResolver;
        set
        {
            _session.ThrowIfDisposed();
            _typeInfoResolver = value;
            _session.Converter = value is null ? ValueConverter.Default : new ValueConverter(value);
        }
    }

    /// <summary>How long the last state capture (taken before each run for rollback) took.</summary>
    public TimeSpan LastCaptureTime => _session.LastCaptureTime;

    /// <summary>How long the last rollback took.</summary>
    public TimeSpan LastRestoreTime => _session.LastRestoreTime;

    /// <summary>Bytes of the interpreter's linear memory (what a capture copies).</summary>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public long MemoryBytes => _session.MemoryBytes;

    /// <summary>
    /// The in-memory files the guest has created or written and that exist now (for example a CSV or an
    /// SVG chart), in path order; files written through a writable mount are on the host already.
    /// Waits for a call in progress, like a run.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="InvalidOperationException">Called from a host function of this session.</exception>
    public IReadOnlyList<SandboxFile> GetFiles() => _session.GetFiles();

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
        if (PrepareRun(code, runOptions, out var refused) is not { } arguments) return refused!;
        return WithValue(_session.Invoke(PreludeEntry.Run, arguments, runOptions, cancellationToken));
    }

    /// <summary>Runs <paramref name="code"/> in the session, waiting for a call in progress without blocking a thread; the guest runs on the thread pool.</summary>
    /// <inheritdoc cref="Run(string, CancellationToken)"/>
    public Task<RunResult> RunAsync(string code, CancellationToken cancellationToken = default) => RunAsync(code, null, cancellationToken);

    /// <summary>Runs <paramref name="code"/> with settings of its own, waiting for a call in progress without blocking a thread; the guest runs on the thread pool.</summary>
    /// <inheritdoc cref="Run(string, RunOptions?, CancellationToken)"/>
    public Task<RunResult> RunAsync(string code, RunOptions? runOptions, CancellationToken cancellationToken = default)
    {
        // Misuse is reported at the call, before anything is awaited.
        if (PrepareRun(code, runOptions, out var refused) is not { } arguments) return Task.FromResult(refused!);
        _session.ThrowIfDisposed();
        _session.ThrowIfReentrant();
        return Finish(_session.InvokeAsync(PreludeEntry.Run, arguments, runOptions, cancellationToken));
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
    public RunResult Call(string function, IReadOnlyList<object?> arguments, CancellationToken cancellationToken) =>
        WithValue(_session.Invoke(PreludeEntry.CallFunction, PrepareCall(function, arguments), null, cancellationToken));

    /// <summary><see cref="Call(string, IReadOnlyList{object?}, CancellationToken)"/>, waiting for a call in progress without blocking a thread; the guest runs on the thread pool.</summary>
    /// <inheritdoc cref="Call(string, IReadOnlyList{object?}, CancellationToken)"/>
    public Task<RunResult> CallAsync(string function, IReadOnlyList<object?> arguments, CancellationToken cancellationToken = default)
    {
        var prepared = PrepareCall(function, arguments);
        _session.ThrowIfDisposed();
        _session.ThrowIfReentrant();
        return Finish(_session.InvokeAsync(PreludeEntry.CallFunction, prepared, null, cancellationToken));
    }

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as the global <paramref name="name"/>, e.g.
    /// <c>DefineFunction("add", (int a, int b) =&gt; a + b)</c>. Python may pass positional and keyword
    /// arguments (by the delegate's parameter names); parameters with defaults are optional.
    /// <para>
    /// Values convert both ways: None/null, bool, int (<see cref="long"/>, or <see cref="System.Numerics.BigInteger"/>
    /// when larger; any integer type as a parameter), float/<see cref="double"/>, str/<see cref="string"/>,
    /// bytes/<c>byte[]</c>, list/<see cref="List{T}"/>, tuple/object?[] (and .NET tuples back),
    /// dict with str keys/<see cref="Dictionary{TKey,TValue}"/>; nested. An <see cref="object"/> parameter
    /// receives these natural forms; a <see cref="System.Text.Json.JsonElement"/> parameter receives JSON
    /// (bytes as base64); lists, arrays and string-keyed dictionaries of scalars are converted directly;
    /// other types go through <see cref="TypeInfoResolver"/>. A value that cannot be converted raises
    /// TypeError in Python naming the function and the parameter.
    /// </para>
    /// <para>
    /// A function returning <see cref="Task"/>/<see cref="Task{TResult}"/>/<see cref="ValueTask"/>/<see cref="ValueTask{TResult}"/>
    /// is awaited while the guest waits, within the run's time limit and cancellation. A
    /// <see cref="CancellationToken"/> parameter receives the run's token and is not visible to Python.
    /// An exception thrown by the function becomes <c>mpsandbox.HostError</c> in Python, with the .NET
    /// type name and message (never the stack trace).
    /// </para>
    /// <para>
    /// A lambda binds to the typed overloads (<c>DefineFunction&lt;T1, TResult&gt;</c> and the like), which
    /// work in Native AOT apps; this overload takes any other delegate and compiles an invoker for it at run time.
    /// </para>
    /// </summary>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The delegate.</param>
    /// <exception cref="ArgumentException">The name is not valid, a parameter is by reference, or a parameter or result type cannot be converted.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [RequiresDynamicCode("Compiles an invoker for the delegate at run time. Pass a lambda (it binds to a typed overload) in Native AOT apps.")]
    [RequiresUnreferencedCode("Reads the delegate's shape by reflection. Pass a lambda (it binds to a typed overload) in trimmed apps.")]
    public void DefineFunction(string name, Delegate function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var (module, function_) = SplitName(name);
        _session.Define(module, function_, HostCallable.FromDelegate(function, function_));
    }

    /// <summary>
    /// Registers a module of functions that Python imports: <c>DefineModule("db", ...)</c> then
    /// <c>import db; db.query("...")</c>. Functions follow the rules of <see cref="DefineFunction(string, Delegate)"/>.
    /// Defining the same module again adds to it. In Native AOT apps, define each function with a typed
    /// overload and a <c>module.function</c> name instead (<c>DefineFunction("db.query", (string sql) =&gt; ...)</c>).
    /// </summary>
    /// <param name="name">The module name, a Python identifier.</param>
    /// <param name="functions">Function names and delegates.</param>
    /// <exception cref="ArgumentException">A name is not an identifier, or a function is not valid (see <see cref="DefineFunction(string, Delegate)"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [RequiresDynamicCode("Compiles an invoker for each delegate at run time. Use DefineFunction(\"module.function\", lambda) in Native AOT apps.")]
    [RequiresUnreferencedCode("Reads each delegate's shape by reflection. Use DefineFunction(\"module.function\", lambda) in trimmed apps.")]
    public void DefineModule(string name, IReadOnlyDictionary<string, Delegate> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ValidateIdentifier(name, nameof(name));
        // Every entry is checked before any is defined, so a bad one leaves the module as it was.
        var callables = new List<(string Name, HostCallable Callable)>(functions.Count);
        foreach (var (fname, function) in functions)
        {
            ArgumentNullException.ThrowIfNull(function, nameof(functions));
            ValidateIdentifier(fname, nameof(functions));
            callables.Add((fname, HostCallable.FromDelegate(function, fname)));
        }
        foreach (var (fname, callable) in callables) _session.Define(name, fname, callable);
    }

    /// <summary>Replaces the interpreter with a fresh one; registered functions stay registered.</summary>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="InvalidOperationException">Called from a host function of this session.</exception>
    public void Reset() => _session.Reset();

    /// <summary>
    /// Releases the interpreter and its memory. A call in progress is stopped (it ends as
    /// <see cref="RunStatus.Cancelled"/> and rolled back) and waited for. Never throws; calling it again does
    /// nothing. Called from a host function of this session, it takes effect when the running call returns.
    /// </summary>
    public void Dispose() => _session.Dispose();

    /// <summary>Like <see cref="Dispose"/>, waiting for a call in progress without blocking a thread.</summary>
    /// <returns>A task that completes when the session is released.</returns>
    public ValueTask DisposeAsync() => _session.DisposeAsync();

    // ---- helpers ----

    internal static void ValidateIdentifier(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameter);
        if (!Prelude.IsIdentifier(name)) throw new ArgumentException($"'{name}' is not a Python identifier (ASCII letters, digits and underscores, not starting with a digit, not a keyword).", parameter);
    }

    /// <summary><c>name</c> or <c>module.name</c>, each part a Python identifier.</summary>
    private static (string? Module, string Name) SplitName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            ValidateIdentifier(name, nameof(name));
            return (null, name);
        }
        string module = name[..dot], function = name[(dot + 1)..];
        ValidateIdentifier(module, nameof(name));
        ValidateIdentifier(function, nameof(name));
        return (module, function);
    }

    private void Define<TDelegate>(string name, TDelegate function, Func<TDelegate, HostCallable> make) where TDelegate : Delegate
    {
        ArgumentNullException.ThrowIfNull(function);
        var (module, function_) = SplitName(name);
        _session.Define(module, function_, make(function));
    }

    /// <summary>The prelude arguments for a run; null when the source is refused before running (see <see cref="SourceCheck"/>).</summary>
    private List<Interpreter.GuestArgument>? PrepareRun(string code, RunOptions? runOptions, out RunResult? refused)
    {
        ArgumentNullException.ThrowIfNull(code);
        runOptions?.Validate();
        if ((refused = SourceCheck.Encode(code, _session.Options, out _)) is not null) return null;
        code = SourceRewriter.Rewrite(SessionSource.Dedent(code));
        var arguments = new List<Interpreter.GuestArgument> { code };
        foreach (var (offset, line) in SessionSource.ExpressionCandidates(code))
        {
            arguments.Add(offset);
            arguments.Add(line);
        }
        return arguments;
    }

    private Interpreter.GuestArgument[] PrepareCall(string function, IReadOnlyList<object?> arguments)
    {
        ValidateIdentifier(function, nameof(function));
        ArgumentNullException.ThrowIfNull(arguments);
        return [function, _session.EncodeForGuest(arguments.ToArray(), nameof(arguments))];
    }

    /// <summary>The result with the value the entry point reported, when it completed.</summary>
    private RunResult WithValue(SessionReply reply)
    {
        if (reply.Result.Status != RunStatus.Completed || reply.Reported is not { } reported) return reply.Result;
        return reply.Result with { Value = reported.Payload is { } payload ? _session.DecodeOrNull(payload) : null, ValueRepr = reported.Repr };
    }

    private async Task<RunResult> Finish(Task<SessionReply> reply) => WithValue(await reply.ConfigureAwait(false));
}
