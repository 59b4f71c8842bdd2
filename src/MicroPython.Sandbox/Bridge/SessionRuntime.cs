using System.Diagnostics;
using System.Text;
using MicroPython.Sandbox.Abi.Proxy;
using MicroPython.Sandbox.FileSystem;
using MicroPython.Sandbox.Runtime;
using GuestArgument = MicroPython.Sandbox.Runtime.Interpreter.GuestArgument;

namespace MicroPython.Sandbox.Bridge;

/// <summary>What a prelude entry point returned: the run's outcome and what it reported through the bridge.</summary>
/// <param name="Result">The outcome (rolled back when it hit a limit or trapped).</param>
/// <param name="Reported">The value the entry point reported (its repr and tagged JSON), when it reported one.</param>
internal readonly record struct SessionReply(RunResult Result, (string Repr, byte[]? Payload)? Reported);

/// <summary>
/// The engine behind <see cref="PythonSession"/> and <see cref="SessionGlobals"/>: it owns the resident
/// interpreter, its bridge and registered functions, the rollback snapshot and the gate that serializes
/// calls, and runs every guest call the same way (<see cref="Invoke"/>): capture the state, call a prelude
/// entry point, roll back when the call hit a limit or trapped.
/// <para>
/// The gate: every caller counts itself in <c>_gateUsers</c> before waiting and out after releasing, so the
/// semaphore is disposed by whoever leaves last once the session is disposed, never under a waiter.
/// </para>
/// </summary>
internal sealed class SessionRuntime : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<HostFunction> _functions = [];
    private readonly InterpreterSnapshot _snapshot = new();
    private readonly SandboxOptions _options;
    private readonly SandboxOptions _internalOptions;
    private readonly object _owner;
    private readonly SandboxRuntime _runtime;
    private Interpreter? _interpreter;
    private HostBridge? _bridge;
    private volatile bool _disposed;
    private int _disposeStarted;
    private int _gateUsers;
    private int _gateDisposed;

    /// <param name="runtime">The runtime whose engines the interpreter comes from.</param>
    /// <param name="options">Validated options; the runtime keeps a copy.</param>
    /// <param name="owner">The public object reported in <see cref="ObjectDisposedException"/>s.</param>
    public SessionRuntime(SandboxRuntime runtime, SandboxOptions options, object owner) : this(runtime, options, owner, start: true)
    {
    }

    /// <param name="runtime">The runtime whose engines the interpreter comes from.</param>
    /// <param name="options">Validated options; the runtime keeps a copy.</param>
    /// <param name="owner">The public object reported in <see cref="ObjectDisposedException"/>s.</param>
    /// <param name="start">Whether to start an interpreter now; a restored or forked session adopts one instead.</param>
    private SessionRuntime(SandboxRuntime runtime, SandboxOptions options, object owner, bool start)
    {
        _runtime = runtime;
        _owner = owner;
        _options = options.Clone();
        // Installing functions is the host's own work: it must not fail on the user's fuel or a short timeout.
        _internalOptions = options.Clone();
        _internalOptions.Timeout = TimeSpan.FromSeconds(30);
        _internalOptions.Fuel = null;
        Limits = new BridgeLimits(options.MaxHostValueBytes, options.MaxHostValueDepth, options.MaxHostCalls, options.RunHostFunctionsInline);
        if (start) Start();
    }

    /// <summary>The session's limits (not a copy: callers must not change it).</summary>
    public SandboxOptions Options => _options;

    public BridgeLimits Limits { get; }

    /// <summary>Converts parameters, results and globals; replaced when the session's resolver changes.</summary>
    public ValueConverter Converter { get; set; } = ValueConverter.Default;

    public TimeSpan LastCaptureTime { get; private set; }

    public TimeSpan LastRestoreTime { get; private set; }

    public long MemoryBytes
    {
        get
        {
            ThrowIfDisposed();
            return _interpreter?.Memory.Length ?? 0;
        }
    }

    // ---- guest calls ----

    /// <summary>Calls a prelude entry point under the gate, with capture before and rollback on a limit or trap.</summary>
    public SessionReply Invoke(PreludeEntry entry, IReadOnlyList<GuestArgument> arguments, RunOptions? runOptions, CancellationToken cancellationToken)
    {
        Enter(cancellationToken);
        try
        {
            return InvokeLocked(entry, arguments, _options, runOptions, cancellationToken);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// <see cref="Invoke"/> for async callers: waits for the gate without blocking a thread, then runs the
    /// guest (which blocks its thread while it runs) on the thread pool.
    /// </summary>
    public async Task<SessionReply> InvokeAsync(PreludeEntry entry, IReadOnlyList<GuestArgument> arguments, RunOptions? runOptions, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => InvokeLocked(entry, arguments, _options, runOptions, cancellationToken), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Exit();
        }
    }

    private SessionReply InvokeLocked(PreludeEntry entry, IReadOnlyList<GuestArgument> arguments, SandboxOptions options, RunOptions? runOptions, CancellationToken cancellationToken)
    {
        if (_interpreter is null || _bridge is null) Start();
        var interpreter = _interpreter!;
        var bridge = _bridge!;
        // Dispose stops a call in progress instead of waiting for it to run out its time limit.
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token) : null;
        try
        {
            var started = Stopwatch.GetTimestamp();
            interpreter.Capture(_snapshot);
            LastCaptureTime = Stopwatch.GetElapsedTime(started);

            // A cell's source is what library code reads a class body from (dataclass fields, NamedTuple classes).
            if (entry == PreludeEntry.Run && arguments[0].Text is { } code) interpreter.FileSystem.SetMainSource(code);
            var result = interpreter.CallPython(bridge.Kept![(int)entry], arguments, options, runOptions, linked?.Token ?? _stopping.Token);
            // Session results list no files (GetFiles does); the error loses the prelude's frames.
            result = result with { Error = result.Error is { } error ? Clean(error) : null, Files = [] };
            // A trap reported as a Python error (the native stack ran out) still left the interpreter mid-call: roll back.
            if (result.Status is (RunStatus.Completed or RunStatus.PythonError) && !interpreter.IsBroken) return new(result, bridge.Reported);

            started = Stopwatch.GetTimestamp();
            interpreter.Restore(_snapshot);
            LastRestoreTime = Stopwatch.GetElapsedTime(started);
            return new(result with { RolledBack = true }, null);
        }
        finally
        {
            _snapshot.Release();
        }
    }

    /// <summary>Registers a function and installs it in the running interpreter (and in every later one).</summary>
    public void Define(string? module, string name, HostCallable callable)
    {
        Enter(CancellationToken.None);
        try
        {
            if (_interpreter is null || _bridge is null) Start();
            // A restored session's guest still refers to the functions it had by id: a function of the same name takes
            // its placeholder's place, so those references (a wrapper kept in a variable, say) reach it again.
            int placeholder = _functions.FindIndex(f => f.IsMissing && f.Name == name && f.Module == module);
            var fn = new HostFunction(placeholder >= 0 ? placeholder : _functions.Count, name, module, callable);
            fn.Validate(Converter, "function");
            var replaced = placeholder >= 0 ? _functions[placeholder] : null;
            if (replaced is not null) _functions[placeholder] = fn;
            else _functions.Add(fn);
            try
            {
                Install(fn);
            }
            catch
            {
                // Kept registered, a function that failed to install would fail every later start too.
                if (replaced is not null) _functions[placeholder] = replaced;
                else _functions.RemoveAt(_functions.Count - 1);
                throw;
            }
        }
        finally
        {
            Exit();
        }
    }

    public IReadOnlyList<SandboxFile> GetFiles()
    {
        Enter(CancellationToken.None);
        try
        {
            if (_interpreter is null || _bridge is null) Start();
            return _interpreter!.FileSystem.WrittenFiles();
        }
        finally
        {
            Exit();
        }
    }

    public void Reset()
    {
        Enter(CancellationToken.None);
        try
        {
            ReleaseInterpreter();
            Start();
        }
        finally
        {
            Exit();
        }
    }

    // ---- saving, restoring, forking ----

    /// <summary>
    /// Writes the session's state, compressed, to a buffer under the gate: the interpreter's globals and memory, the
    /// bridge's state (the prelude's callables, live references, and the names of the functions the guest knows by
    /// id), then the guest's files. Returns the build id it is bound to, the payload's length and the compressed body.
    /// </summary>
    private (byte[] BuildId, long PayloadLength, MemoryStream Body) WriteSnapshot()
    {
        if (_interpreter is null || _bridge is null) Start();
        var interpreter = _interpreter!;
        var bridge = _bridge!;
        // Equal states give equal bytes (a host can skip storing a save that did not change): see Interpreter.Canonicalize.
        interpreter.Canonicalize(bridge.Kept is { Length: > (int)PreludeEntry.Collect } entries ? entries[(int)PreludeEntry.Collect] : null, _internalOptions);
        var body = new MemoryStream();
        long length;
        using (var compressor = Persistence.SessionSnapshot.Compressor(body))
        {
            var writer = new Persistence.SnapshotPayloadWriter(compressor);
            interpreter.WriteState(writer);
            var kept = bridge.Kept!;
            writer.WriteInt32(kept.Length);
            foreach (int k in kept) writer.WriteInt32(k);
            var alive = bridge.AliveReferences();
            writer.WriteInt32(alive.Length);
            foreach (bool a in alive) writer.WriteByte(a ? (byte)1 : (byte)0);
            writer.WriteInt32(_functions.Count);
            foreach (var fn in _functions)
            {
                writer.WriteString(fn.Module ?? "");
                writer.WriteString(fn.Name);
            }
            interpreter.FileSystem.WriteGuestState(writer);
            writer.WriteInt32(Persistence.SessionSnapshot.EndMarker);
            length = writer.Length;
        }
        return (interpreter.Engine.BuildId, length, body);
    }

    /// <summary>Saves the session to <paramref name="destination"/>: the state is captured and compressed under the gate, then written.</summary>
    public void Save(Stream destination, CancellationToken cancellationToken)
    {
        Enter(cancellationToken);
        (byte[] BuildId, long PayloadLength, MemoryStream Body) saved;
        try
        {
            saved = WriteSnapshot();
        }
        finally
        {
            Exit();
        }
        using var body = saved.Body;
        Persistence.SessionSnapshot.Write(destination, saved.BuildId, saved.PayloadLength, body.GetBuffer().AsSpan(0, (int)body.Length));
    }

    /// <inheritdoc cref="Save"/>
    public async Task SaveAsync(Stream destination, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        (byte[] BuildId, long PayloadLength, MemoryStream Body) saved;
        try
        {
            saved = await Task.Run(WriteSnapshot, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Exit();
        }
        using var body = saved.Body;
        await Persistence.SessionSnapshot.WriteAsync(destination, saved.BuildId, saved.PayloadLength, body.GetBuffer().AsMemory(0, (int)body.Length), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads and checks a snapshot's envelope for a session on <paramref name="runtime"/> with <paramref name="options"/>
    /// (engine build, size against the options' limits, checksum), before any interpreter is made.
    /// </summary>
    public static Task<Persistence.SessionSnapshot.Envelope> ReadSnapshotAsync(SandboxRuntime runtime, SandboxOptions options, Stream source, bool synchronous, CancellationToken cancellationToken)
    {
        var buildId = runtime.EngineFor(options.Fuel is not null).BuildId;
        return Persistence.SessionSnapshot.ReadAsync(source, buildId, MaxPayload(options), synchronous, cancellationToken);
    }

    /// <summary>A new session on <paramref name="runtime"/> with <paramref name="options"/>, in the state <paramref name="envelope"/> holds.</summary>
    public static SessionRuntime Restore(SandboxRuntime runtime, SandboxOptions options, object owner, Persistence.SessionSnapshot.Envelope envelope)
    {
        var session = new SessionRuntime(runtime, options, owner, start: false);
        session.Adopt(interpreter =>
        {
            var reader = envelope.OpenPayload();
            interpreter.ReadState(reader);
            int[] kept = new int[reader.ReadCount(Prelude.EntryCount, "the number of prelude entries")];
            // A snapshot saved before the prelude kept gc.collect restores too; its saves are then only less canonical.
            if (kept.Length is not (Prelude.EntryCount or Prelude.LegacyEntryCount)) throw Persistence.SnapshotPayloadReader.Corrupt("the prelude's entries are missing");
            for (int i = 0; i < kept.Length; i++) kept[i] = reader.ReadInt32();
            var alive = new bool[reader.ReadCount(MaxReferences, "the number of host references")];
            for (int i = 0; i < alive.Length; i++) alive[i] = reader.ReadByte() switch { 0 => false, 1 => true, _ => throw Persistence.SnapshotPayloadReader.Corrupt("a host reference flag is not valid") };
            int functions = reader.ReadCount(MaxFunctions, "the number of host functions");
            for (int id = 0; id < functions; id++)
            {
                string module = reader.ReadString(256), name = reader.ReadString(256);
                if (!Prelude.IsIdentifier(name) || module.Length > 0 && !Prelude.IsIdentifier(module))
                    throw Persistence.SnapshotPayloadReader.Corrupt("a host function's name is not valid");
                // The restoring host defines its own functions by name (see Define); until then, calls raise an error.
                session._functions.Add(HostFunction.Placeholder(id, name, module.Length == 0 ? null : module));
            }
            interpreter.FileSystem.ReadGuestState(reader);
            if (reader.ReadInt32() != Persistence.SessionSnapshot.EndMarker) throw Persistence.SnapshotPayloadReader.Corrupt("the end marker is missing");
            reader.ExpectEnd();
            return (kept, alive);
        });
        return session;
    }

    /// <summary>Most functions and host references a snapshot may name (far more than any session defines).</summary>
    private const int MaxFunctions = 1 << 16, MaxReferences = 1 << 20;

    /// <summary>The largest payload a session with <paramref name="options"/> can restore: its memory, its files and their names, and the rest.</summary>
    private static long MaxPayload(SandboxOptions options) =>
        options.MemoryLimit + options.MaxFileSystemBytes
        + (options.MaxFiles + (long)VirtualFileSystem.MaxOpenFiles) * (Persistence.SnapshotPayloadReader.MaxStringBytes + 64)
        + MaxFunctions * 520L + MaxReferences + options.MemoryLimit / 512 + (1 << 20);

    /// <summary>A new, independent session in this one's current state, with the same options and functions.</summary>
    public SessionRuntime Fork(object owner, CancellationToken cancellationToken)
    {
        Enter(cancellationToken);
        try
        {
            if (_interpreter is null || _bridge is null) Start();
            var source = _interpreter!;
            var bridge = _bridge!;
            var fork = new SessionRuntime(_runtime, _options, owner, start: false) { Converter = Converter };
            fork._functions.AddRange(_functions);
            fork.Adopt(interpreter =>
            {
                interpreter.CopyStateFrom(source);
                interpreter.FileSystem.CopyFrom(source.FileSystem);
                return (bridge.Kept!, bridge.AliveReferences());
            });
            return fork;
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Makes this session's interpreter from a state <paramref name="load"/> puts into a fresh one (which it disposes when that fails).</summary>
    private void Adopt(Func<Interpreter, (int[] Kept, bool[] Alive)> load)
    {
        var interpreter = Interpreter.Create(_runtime, _options.Fuel is not null, _options.MemoryLimit);
        try
        {
            interpreter.FileSystem = VirtualFileSystem.Create(_options);
            interpreter.RollbackState = interpreter.FileSystem;
            var (kept, alive) = load(interpreter);
            var bridge = new HostBridge(interpreter, _functions, Limits, this);
            bridge.Adopt(kept, alive);
            interpreter.Bridge = bridge;
            _interpreter = interpreter;
            _bridge = bridge;
        }
        catch
        {
            interpreter.Dispose();
            throw;
        }
    }

    // ---- values ----

    /// <summary>Encodes a .NET value as the prelude's payload text; ArgumentException when it has no Python form or is too large.</summary>
    public string EncodeForGuest(object? value, string parameter)
    {
        byte[] payload;
        try
        {
            payload = ValueCodec.EncodePayload(value, Limits.MaxDepth, Limits.MaxValueBytes, Converter);
        }
        catch (BridgeException e)
        {
            throw new ArgumentException($"{e.Message}.", parameter, e);
        }
        catch (Exception e) when (e is NotSupportedException or System.Text.Json.JsonException)
        {
            throw new ArgumentException(e.Message, parameter, e);
        }
        if (payload.Length - 1 > Limits.MaxValueBytes)
            throw new ArgumentException($"The value is {payload.Length - 1} bytes encoded; the limit is {Limits.MaxValueBytes}.", parameter);
        return Encoding.UTF8.GetString(payload);
    }

    /// <summary>A reported payload as a natural value; null when it has no .NET form.</summary>
    public object? DecodeOrNull(byte[] payload)
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

    public object? Decode(byte[] payload, out bool unconvertible) => ValueCodec.Decode(payload, Limits.MaxDepth + 2, out unconvertible);

    // ---- the gate ----

    public void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, _owner);

    /// <summary>A host function of this session calling back into it would wait for itself.</summary>
    public void ThrowIfReentrant()
    {
        if (ReferenceEquals(HostBridge.ActiveOwner.Value, this))
            throw new InvalidOperationException("A host function cannot call back into the session that is running it.");
    }

    private void Enter(CancellationToken cancellationToken)
    {
        BeforeWait();
        try
        {
            ThrowIfDisposed();
            _gate.Wait(cancellationToken);
        }
        catch
        {
            Leave();
            throw;
        }
        AfterWait();
    }

    private async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        BeforeWait();
        try
        {
            ThrowIfDisposed();
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave();
            throw;
        }
        AfterWait();
    }

    /// <summary>Counts the caller in as a user of the gate (so Dispose does not release it under them).</summary>
    private void BeforeWait()
    {
        ThrowIfDisposed();
        ThrowIfReentrant();
        Interlocked.Increment(ref _gateUsers);
    }

    /// <summary>A caller that got the gate only after a Dispose gives it back and is refused.</summary>
    private void AfterWait()
    {
        if (!_disposed) return;
        Exit();
        ThrowIfDisposed();
    }

    private void Exit()
    {
        // A Dispose that came from a host function during this call takes effect now.
        if (_disposed) ReleaseInterpreter();
        _gate.Release();
        Leave();
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _gateUsers) == 0 && _disposed && Interlocked.Exchange(ref _gateDisposed, 1) == 0)
        {
            _gate.Dispose();
            _stopping.Dispose();
        }
    }

    /// <summary>
    /// Disposes without throwing. From a host function of this session it only marks the session disposed;
    /// the interpreter is released when the running call returns. Otherwise it stops a call in progress
    /// (which ends as cancelled and rolled back) and waits for it.
    /// </summary>
    public void Dispose()
    {
        if (!BeginDispose(out bool reentrant) || reentrant) return;
        _gate.Wait();
        Exit();
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        if (!BeginDispose(out bool reentrant) || reentrant) return;
        await _gate.WaitAsync().ConfigureAwait(false);
        Exit();
    }

    private bool BeginDispose(out bool reentrant)
    {
        reentrant = false;
        if (Interlocked.Exchange(ref _disposeStarted, 1) != 0) return false;
        Interlocked.Increment(ref _gateUsers);
        _disposed = true;
        reentrant = ReferenceEquals(HostBridge.ActiveOwner.Value, this);
        if (reentrant)
        {
            // The running call holds the gate; its Exit releases the interpreter.
            Leave();
            return true;
        }
        _stopping.Cancel();
        return true;
    }

    // ---- interpreter ----

    /// <summary>Creates the interpreter, loads the prelude (or the runtime's image of it) and installs every registered function.</summary>
    private void Start()
    {
        var interpreter = Interpreter.Create(_runtime, _options.Fuel is not null, _options.MemoryLimit, _options.StackBytes);
        try
        {
            // The session's files live as long as its interpreter and roll back with it.
            interpreter.FileSystem = VirtualFileSystem.Create(_options);
            interpreter.RollbackState = interpreter.FileSystem;
            var bridge = new HostBridge(interpreter, _functions, Limits, this);
            interpreter.Bridge = bridge;
            // Running the prelude takes milliseconds; loading the state it left in an earlier session of the same
            // configuration takes a copy of the pages it wrote (see SessionImages).
            if (_runtime.SessionImages.Find(_options) is not { } image || !image.TryLoad(interpreter, bridge))
            {
                interpreter.RegisterModule(Prelude.HostModule, ProxyRefs.HostRoot);
                bridge.MarkAlive(ProxyRefs.HostRoot);
                var boot = interpreter.Execute(Encoding.UTF8.GetBytes(Prelude.Loader), _internalOptions, null, CancellationToken.None);
                if (!boot.IsSuccess || bridge.Kept is not { Length: Prelude.EntryCount })
                    throw new InvalidOperationException($"The session interpreter failed to start: {boot.Status} {boot.Message ?? boot.Error?.ToString()}");
                _runtime.SessionImages.Offer(_options, interpreter, bridge);
            }
            _interpreter = interpreter;
            _bridge = bridge;
            foreach (var fn in _functions) Install(fn);
        }
        catch
        {
            _interpreter = null;
            _bridge = null;
            interpreter.Dispose();
            throw;
        }
    }

    private void Install(HostFunction fn)
    {
        var result = InvokeLocked(PreludeEntry.Define, [fn.Id, fn.Name, fn.Module ?? "", Prelude.Wrapper(fn)], _internalOptions, null, CancellationToken.None).Result;
        if (!result.IsSuccess)
            throw new InvalidOperationException($"Could not install '{fn.Name}' in the session: {result.Status} {result.Message ?? result.Error?.ToString()}");
    }

    private void ReleaseInterpreter()
    {
        _interpreter?.Dispose();
        _interpreter = null;
        _bridge = null;
        _snapshot.Release();
    }

    /// <summary>The error without the prelude's frames; its type, message and line come from the code's own frames and stay.</summary>
    private static PythonError Clean(PythonError error)
    {
        if (!error.Traceback.Contains(Prelude.FileName, StringComparison.Ordinal)) return error;
        var lines = error.Traceback.Split('\n').Where(l => !l.Contains("File \"" + Prelude.FileName + "\"", StringComparison.Ordinal));
        return error with { Traceback = string.Join('\n', lines) };
    }
}
