using System.Diagnostics;
using System.Text;
using MicroPython.Sandbox.Engine;
using MicroPython.Sandbox.FileSystem;
using MicroPython.Sandbox.Limits;
using Wasmtime;

namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// One MicroPython interpreter in its own Wasmtime store: its memory, its C state and its Python heap.
/// Not thread-safe: one run at a time. After a trap the interpreter's C state is undefined, so it
/// marks itself <see cref="IsBroken"/> and must be discarded.
/// </summary>
internal sealed class Interpreter : IDisposable
{
    /// <summary>Words of Python stack, as the official JavaScript glue gives it.</summary>
    public const int PyStackWords = 2048;

    private const int ValueSlotBytes = 12;
    private const int ExceptionKind = -1;

    private readonly SandboxEngine _engine;
    private readonly Store _store;
    private readonly long _memoryLimit;
    private long _created = Stopwatch.GetTimestamp();
    private readonly Func<int, int> _malloc;
    private readonly Action<int> _free;
    private readonly Action<int, int, int> _doExec;
    // Exports only sessions, timers and snapshots use: looked up on first use, which keeps them off
    // the path of a fresh one-shot sandbox (each typed lookup costs a couple of microseconds).
    private Action<int, int, int, int>? _callPythonExport;
    private Action<int, int>? _registerModuleExport;
    private Action<int>? _freeProxyRefExport;
    private Global? _stackPointerExport;
    private Global[]? _mutableGlobals;
    private int _resets;
    private readonly Global _splitBudget;
    private readonly TimerQueue _timers = new();
    private bool _disposed;

    private Interpreter(SandboxEngine engine, long memoryLimit, bool useImage = true)
    {
        _engine = engine;
        _memoryLimit = memoryLimit;
        _store = new Store(engine.Engine, this);
        // The table cannot grow past its declared size, and the module has no instruction that grows it.
        _store.SetLimits(memorySize: memoryLimit, instances: 1, tables: 1, memories: 1);
        _store.SetEpochDeadline(ulong.MaxValue);
        if (engine.Metered) _store.Fuel = ulong.MaxValue;

        try
        {
            // A start-up image is an interpreter already past the start-up below; see StartupImage.
            var image = useImage ? engine.ImageFor(FirstHeapAreaBytes(memoryLimit), memoryLimit) : null;
            var (instance, memory) = image is not null
                ? engine.InstantiateImage(_store, image)
                : engine.Instantiate(_store, engine.InitialMemoryPages, (uint)(memoryLimit / 65536));
            Instance = instance;
            FromImage = image is not null;
            Memory = new GuestMemory(memory);
            _malloc = instance.GetFunction<int, int>("malloc")!;
            _free = instance.GetAction<int>("free")!;
            _doExec = instance.GetAction<int, int, int>("mp_js_do_exec")!;
            _splitBudget = instance.GetGlobal(ModulePatcher.SplitBudgetExport)!;

            if (image is null)
            {
                instance.GetAction("emscripten_stack_init")!();
                instance.GetAction("__wasm_call_ctors")!();
                UpdateSplitBudget();
                instance.GetAction<int, int>("mp_js_init")!(PyStackWords, (int)FirstHeapAreaBytes(memoryLimit));
                instance.GetAction("proxy_c_init")!();
                RunStartupCode(StartupCode);
            }
            UpdateSplitBudget();
        }
        catch
        {
            // A full pool or a failed start-up: release the store now rather than at finalization.
            _store.Dispose();
            throw;
        }

        _store.SetEpochDeadlineCallback(static store =>
        {
            ((Interpreter)store.GetData()!).CurrentRun?.CheckDeadline();
            return 1;
        });
    }

    public GuestMemory Memory { get; }

    private Action<int, int, int, int> ProxyCall => _callPythonExport ??= Instance.GetAction<int, int, int, int>("proxy_c_to_js_call")!;

    private Action<int, int> RegisterJsModule => _registerModuleExport ??= Instance.GetAction<int, int>("mp_js_register_js_module")!;

    private Action<int> FreeProxyRef => _freeProxyRefExport ??= Instance.GetAction<int>("proxy_c_free_obj")!;

    private Global StackPointer => _stackPointerExport ??= Instance.GetGlobal(ModulePatcher.StackPointerExport)!;

    /// <summary>The guest's filesystem; replace it before a run to give the sandbox files and mounts.</summary>
    public VirtualFileSystem FileSystem
    {
        get => _fileSystem ??= VirtualFileSystem.CreateEmpty();
        set => _fileSystem = value;
    }

    private VirtualFileSystem? _fileSystem;

    /// <summary>The engine this interpreter runs on.</summary>
    internal SandboxEngine Engine => _engine;

    /// <summary>The memory cap (whole pages) the interpreter was made with.</summary>
    internal long MemoryLimit => _memoryLimit;

    /// <summary>Whether the interpreter was made from the engine's start-up image.</summary>
    internal bool FromImage { get; }

    /// <summary>The module's mutable globals, in the order of <see cref="SandboxEngine.MutableGlobals"/>.</summary>
    internal Global[] MutableGlobals => _mutableGlobals ??= _engine.MutableGlobals
        .Select(g => Instance.GetGlobal(ModulePatcher.GlobalExportPrefix + g) ?? throw new InvalidOperationException($"The interpreter does not export global {g}."))
        .ToArray();

    /// <summary>
    /// Makes a one-shot interpreter that has finished its run fresh again, so the next sandbox can take it
    /// instead of a new instance: linear memory back to the start-up image byte for byte (see
    /// <see cref="ImageState.RestoreMemory"/>), every mutable global back to its start-up value, and no host
    /// state left (files, timers, clock). The function table cannot change (the module has no instruction that
    /// writes a table). False, and the interpreter must be disposed, when that cannot be done: it trapped, its
    /// memory grew, it has a bridge or rollback state, or it wrote more pages than are worth comparing.
    /// </summary>
    internal bool TryResetToImage(ImageState image)
    {
        if (_disposed || IsBroken || CurrentRun is not null || Bridge is not null || RollbackState is not null || !_timers.IsEmpty) return false;
        if (Memory.Length != image.Memory.Length || !image.RestoreMemory(Memory.Pointer, dropUnchanged: _resets++ == 0)) return false;
        var globals = MutableGlobals;
        for (int i = 0; i < globals.Length; i++) globals[i].SetValue(image.GlobalValues[i]);
        UpdateSplitBudget();
        _fileSystem = null;
        _created = Stopwatch.GetTimestamp();
        return true;
    }

    /// <summary>The interpreter's instance (for the engine's start-up image capture).</summary>
    internal Instance Instance { get; }

    /// <summary>The run in progress, if any.</summary>
    public RunContext? CurrentRun { get; private set; }

    /// <summary>True once a trap has left the interpreter's C state undefined (until <see cref="Restore"/>).</summary>
    public bool IsBroken { get; private set; }

    /// <summary>The host objects Python can reach through the proxy imports; null for none (one-shot runs).</summary>
    public Bridge.HostBridge? Bridge { get; set; }

    /// <summary>
    /// Hook for host-side state that must roll back with the interpreter (e.g. a virtual filesystem):
    /// <see cref="Capture"/> stores what <see cref="IRollbackState.Snapshot"/> returns and
    /// <see cref="Restore"/> hands it back.
    /// </summary>
    public IRollbackState? RollbackState { get; set; }

    /// <summary>Creates and starts an interpreter whose linear memory is capped at <paramref name="memoryLimit"/> bytes.</summary>
    public static Interpreter Create(bool metered, long memoryLimit) =>
        Create(SandboxEngine.Get(metered), () => SandboxEngine.GetOverflow(metered), memoryLimit);

    /// <summary>Creates an interpreter on <paramref name="engine"/>, or on <paramref name="overflow"/> when its pool is full.</summary>
    internal static Interpreter Create(SandboxEngine engine, Func<SandboxEngine> overflow, long memoryLimit)
    {
        if (engine.PoolSlots == 0) return new(engine, memoryLimit & ~0xFFFFL);
        try
        {
            return new(engine, memoryLimit & ~0xFFFFL);
        }
        catch (WasmtimeException)
        {
            // Every pool slot is taken: this sandbox goes to the engine without pooling.
            return new(overflow(), memoryLimit & ~0xFFFFL);
        }
    }

    /// <summary>Starts an interpreter the normal way, never from the start-up image (used to capture that image).</summary>
    internal static Interpreter StartWithoutImage(SandboxEngine engine, long memoryLimit) => new(engine, memoryLimit & ~0xFFFFL, useImage: false);

    /// <summary>
    /// Bytes for MicroPython's first garbage-collected heap area, as the official glue gives it (1 MiB),
    /// or a quarter of a small cap. The heap then grows by areas that double it, each capped by
    /// <see cref="UpdateSplitBudget"/> so that the last one fills the cap exactly instead of failing.
    /// </summary>
    internal static long FirstHeapAreaBytes(long memoryLimit) => Math.Min(1024 * 1024, memoryLimit / 4);

    /// <summary>Room kept under the cap for the C allocator (source buffers, error reports).</summary>
    internal static long AllocatorReserve(long memoryLimit) => Math.Clamp(memoryLimit / 32, 128 * 1024, 1024 * 1024);

    /// <summary>Tells the garbage collector how large a new heap area may be: what is left under the cap.</summary>
    private void UpdateSplitBudget()
    {
        long room = _memoryLimit - Memory.Length - AllocatorReserve(_memoryLimit);
        _splitBudget.SetValue((int)Math.Clamp(room, 0, int.MaxValue));
    }

    public uint Malloc(uint size)
    {
        uint p = (uint)_malloc((int)size);
        return p;
    }

    public void Free(uint pointer) => _free((int)pointer);

    /// <summary>Copies bytes into a new NUL-terminated guest allocation; 0 when the guest heap has no room.</summary>
    private uint CopyIn(ReadOnlySpan<byte> bytes)
    {
        uint pointer = Malloc((uint)bytes.Length + 1);
        if (pointer == 0) return 0;
        bytes.CopyTo(Memory.Span(pointer, (uint)bytes.Length));
        Memory.Span(pointer + (uint)bytes.Length, 1)[0] = 0;
        return pointer;
    }

    public int TicksMs() => (int)(long)Stopwatch.GetElapsedTime(_created).TotalMilliseconds;

    public void WriteOutput(int fd, ReadOnlySpan<byte> data)
    {
        if (CurrentRun is { } run) run.Write(fd, data);
    }

    /// <summary>Grows linear memory to at least <paramref name="requested"/> bytes, never past the cap.</summary>
    public bool GrowMemory(uint requested)
    {
        long current = Memory.Length;
        if (requested <= current) return true;
        if (requested > _memoryLimit)
        {
            if (CurrentRun is { } run) run.HeapGrowthRefused = true;
            return false;
        }
        // Grow exactly to what was asked: the split budget is computed from the memory size.
        long pages = (requested - current + 65535) / 65536;
        try
        {
            Memory.Grow(pages);
            UpdateSplitBudget();
            return true;
        }
        catch (WasmtimeException)
        {
            if (CurrentRun is { } run) run.HeapGrowthRefused = true;
            return false;
        }
    }

    /// <summary>Runs Python source (UTF-8) to completion, then its timer callbacks, or until a limit stops it.</summary>
    public RunResult Execute(ReadOnlySpan<byte> source, SandboxOptions options, CancellationToken cancellation)
    {
        byte[] code = AsyncioCompat.Rewrite(source).ToArray();
        FileSystem.MainSource = code;
        uint src = 0, outp = 0;
        return Guarded(options, cancellation, run =>
        {
            src = CopyIn(code);
            outp = Malloc(ValueSlotBytes);
            if (src == 0 || outp == 0) return (RunStatus.MemoryLimitExceeded, null, "The source does not fit in the sandbox's memory.");
            _doExec((int)src, code.Length, (int)outp);
            return Finish(run, outp);
        },
        release: () =>
        {
            if (src != 0) Free(src);
            if (outp != 0) Free(outp);
        });
    }

    /// <summary>
    /// Runs one guest call under the run's limits: the epoch deadline and ticker, and trap classification
    /// (after a trap the interpreter is broken and nothing is released, since its heap is in doubt).
    /// </summary>
    private RunResult Guarded(SandboxOptions options, CancellationToken cancellation, Func<RunContext, (RunStatus, PythonError?, string?)> call, Action release)
    {
        var run = BeginRun(options, cancellation, out long started, out ulong? fuelBudget);
        RunStatus status;
        PythonError? error = null;
        string? message = null;
        try
        {
            using var active = _engine.Ticker.Enter();
            _store.SetEpochDeadline(1);
            run.CheckDeadline();
            (status, error, message) = call(run);
        }
        catch (Exception e) when (e is WasmtimeException or StopRunException or GuestMemoryException)
        {
            IsBroken = true;
            (status, message) = Classify(run, e);
        }
        finally
        {
            _store.SetEpochDeadline(ulong.MaxValue);
            CurrentRun = null;
        }
        if (!IsBroken) release();
        return EndRun(run, started, fuelBudget, status, error, message);
    }

    /// <summary>Reads a finished call's outcome from its value slot, then runs any timers it queued.</summary>
    private (RunStatus, PythonError?, string?) Finish(RunContext run, uint outp)
    {
        var (status, error) = ReadOutcome(outp);
        if (status == RunStatus.Completed && !_timers.IsEmpty) (status, error) = RunTimers(run, outp);
        return (status, error, null);
    }

    /// <summary>Runs queued timer callbacks in due order, waiting for each (within the run's limits).</summary>
    private (RunStatus, PythonError?) RunTimers(RunContext run, uint outp)
    {
        while (_timers.TryTakeNext(out int callback, out long due))
        {
            for (long wait; (wait = due - Stopwatch.GetTimestamp()) > 0;)
            {
                run.CheckDeadline();
                run.Cancellation.WaitHandle.WaitOne(TimeSpan.FromTicks(Math.Min(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency, TimeSpan.TicksPerMillisecond * 5)));
            }
            run.CheckDeadline();
            ProxyCall(callback, 0, 0, (int)outp);
            FreeProxyRef(callback);
            ReleaseReturnedObject(outp);
            var (status, error) = ReadOutcome(outp);
            if (status != RunStatus.Completed) return (status, error);
        }
        return (RunStatus.Completed, null);
    }

    /// <summary>A value slot holding a Python object also holds a reference the host must release.</summary>
    private void ReleaseReturnedObject(uint slot)
    {
        if (Memory.ReadInt32(slot) is 6 or 7 or 8) FreeProxyRef(Memory.ReadInt32(slot + 4));
    }

    /// <summary>Python run at the end of start-up (part of the start-up image, and of its cache key).</summary>
    internal const string StartupCode = StandardInput.Prelude;

    /// <summary>Runs trusted Python during start-up, before any limit applies; it must complete.</summary>
    private void RunStartupCode(string code)
    {
        var source = Encoding.UTF8.GetBytes(code);
        uint src = CopyIn(source), outp = Malloc(ValueSlotBytes);
        if (src == 0 || outp == 0) throw new InvalidOperationException("The interpreter has no memory for its start-up code.");
        _doExec((int)src, source.Length, (int)outp);
        var (status, error) = ReadOutcome(outp);
        Free(src);
        Free(outp);
        if (status != RunStatus.Completed) throw new InvalidOperationException($"The interpreter's start-up code failed: {error}");
    }

    /// <summary>Handles the guest's <c>input()</c>: the next line of the run's standard input, or None at its end.</summary>
    public void ReadInputLine(uint outp)
    {
        var span = Memory.Span(outp, ValueSlotBytes);
        span.Clear();
        if (StandardInput.ReadLine(CurrentRun?.Stdin) is not { } line)
        {
            Memory.WriteInt32(outp, Abi.ProxyImports.JsNull);
            return;
        }
        if (!WriteGuestString(outp, line)) throw CurrentRun!.Stop(StopReason.GuestFault, "The input line does not fit in the sandbox's memory.");
    }

    /// <summary>Handles the guest's calls to <c>js.setTimeout(callback, ms)</c> and <c>js.clearTimeout(id)</c>.</summary>
    public void CallTimerFunction(int function, ReadOnlySpan<uint> slots, uint outp)
    {
        const int MpInt = 3, MpFloat = 4, MpCallable = 6;
        int result = 0;
        if (function == TimerQueue.SetTimeoutRef && slots.Length >= 1 && Memory.ReadInt32(slots[0]) == MpCallable)
        {
            int callback = Memory.ReadInt32(slots[0] + 4);
            double delay = slots.Length < 2 ? 0 : Memory.ReadInt32(slots[1]) switch
            {
                MpInt => Memory.ReadInt32(slots[1] + 4),
                MpFloat => Memory.ReadDouble(slots[1] + 4),
                _ => 0,
            };
            result = _timers.Add(callback, delay);
            if (result == 0) FreeProxyRef(callback);
        }
        else if (function == TimerQueue.ClearTimeoutRef && slots.Length >= 1 && Memory.ReadInt32(slots[0]) == MpInt)
        {
            int callback = _timers.Remove(Memory.ReadInt32(slots[0] + 4));
            if (callback != 0) FreeProxyRef(callback);
        }
        else
        {
            // Anything else (a non-callable callback, a stray argument) gets the argument's reference released.
            foreach (uint slot in slots) ReleaseReturnedObject(slot);
        }

        var span = Memory.Span(outp, ValueSlotBytes);
        span.Clear();
        if (result != 0)
        {
            Memory.WriteInt32(outp, Abi.ProxyImports.JsInteger);
            Memory.WriteInt32(outp + 4, result);
        }
    }

    /// <summary>A string or 32-bit integer argument for <see cref="CallPython"/>.</summary>
    public readonly record struct GuestArgument(string? Text, int Number)
    {
        public static implicit operator GuestArgument(string text) => new(text, 0);

        public static implicit operator GuestArgument(int number) => new(null, number);
    }

    /// <summary>
    /// Calls a Python callable the guest handed over (a <c>proxy_c_ref</c> index) with string and integer
    /// arguments, under the same limits and outcome rules as <see cref="Execute"/>. The callable's return
    /// value is dropped: it reports results through the bridge.
    /// </summary>
    public RunResult CallPython(int callable, IReadOnlyList<GuestArgument> arguments, SandboxOptions options, CancellationToken cancellation)
    {
        uint slots = 0;
        return Guarded(options, cancellation, run =>
        {
            slots = Malloc((uint)(ValueSlotBytes * (arguments.Count + 1)));
            if (slots == 0) return (RunStatus.MemoryLimitExceeded, null, "The call does not fit in the sandbox's memory.");
            for (int i = 0; i < arguments.Count; i++)
            {
                uint slot = slots + (uint)(ValueSlotBytes * (i + 1));
                if (arguments[i].Text is { } text)
                {
                    // The C side takes ownership of the copy and frees it.
                    if (!WriteGuestString(slot, text)) throw run.Stop(StopReason.GuestFault, "The call does not fit in the sandbox's memory.");
                }
                else
                {
                    Memory.WriteInt32(slot, Abi.ProxyImports.JsInteger);
                    Memory.WriteInt32(slot + 4, arguments[i].Number);
                }
            }
            ProxyCall(callable, arguments.Count, (int)slots + ValueSlotBytes, (int)slots);
            return Finish(run, slots);
        },
        release: () =>
        {
            if (slots != 0) Free(slots);
        });
    }

    /// <summary>Writes a malloc'ed UTF-8 copy of <paramref name="text"/> as a JavaScript string slot; false when out of memory.</summary>
    public bool WriteGuestString(uint slot, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        int length = bytes.Length;
        uint copy = CopyIn(bytes);
        if (copy == 0) return false;
        Memory.WriteInt32(slot, Abi.ProxyImports.JsString);
        Memory.WriteInt32(slot + 4, length);
        Memory.WriteInt32(slot + 8, (int)copy);
        return true;
    }

    /// <summary>Registers a host object (a bridge reference) as an importable module, e.g. <c>import name</c>.</summary>
    public void RegisterModule(string name, int hostRef)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        uint block = Malloc(ValueSlotBytes), text = CopyIn(Encoding.UTF8.GetBytes(name));
        if (block == 0 || text == 0) throw new InvalidOperationException("The sandbox has no memory left to register a module.");
        Memory.Span(block, ValueSlotBytes).Clear();
        Memory.WriteInt32(block, Abi.ProxyImports.JsObject);
        Memory.WriteInt32(block + 4, hostRef);
        RegisterJsModule((int)text, (int)block);
        Free(block);
        Free(text);
    }

    /// <summary>Releases a Python object reference the guest passed to the host (a <c>proxy_c_ref</c> index).</summary>
    public void FreePythonRef(int reference) => FreeProxyRef(reference);

    /// <summary>
    /// Saves everything a run can change: linear memory up to its current size (the pages it has
    /// touched, where the platform tells), the C stack pointer, the heap budget global and the
    /// host-side rollback state. The buffer is reused between captures.
    /// </summary>
    public void Capture(InterpreterSnapshot snapshot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsBroken) throw new InvalidOperationException("Cannot capture an interpreter stopped by a trap.");
        snapshot.CaptureMemory(Memory.Pointer, Memory.Length);
        snapshot.StackPointer = (int)StackPointer.GetValue()!;
        snapshot.SplitBudget = (int)_splitBudget.GetValue()!;
        snapshot.BridgeState = Bridge?.SaveState();
        snapshot.HostState = RollbackState?.Snapshot();
        snapshot.IsValid = true;
    }

    /// <summary>
    /// Puts the interpreter back exactly as <see cref="Capture"/> saw it, after a run that trapped or hit a
    /// limit. Memory cannot shrink, so bytes past the old size are zeroed; the store stays usable after a trap.
    /// </summary>
    public void Restore(InterpreterSnapshot snapshot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!snapshot.IsValid) throw new InvalidOperationException("The snapshot holds no state.");
        snapshot.RestoreMemory(Memory.Pointer, Memory.Length);
        StackPointer.SetValue(snapshot.StackPointer);
        _splitBudget.SetValue(snapshot.SplitBudget);
        if (snapshot.BridgeState is { } bridgeState) Bridge?.RestoreState(bridgeState);
        RollbackState?.Restore(snapshot.HostState);
        IsBroken = false;
    }

    private RunContext BeginRun(SandboxOptions options, CancellationToken cancellation, out long started, out ulong? fuelBudget)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsBroken) throw new InvalidOperationException("The interpreter was stopped by a trap and cannot run again.");
        if (CurrentRun is not null) throw new InvalidOperationException("The interpreter is already running.");

        var run = new RunContext(options.MaxOutputBytes, options.Timeout, cancellation, options.StandardOutput, options.StandardError, options.StandardInput);
        started = Stopwatch.GetTimestamp();
        CurrentRun = run;
        fuelBudget = _engine.Metered ? options.Fuel ?? ulong.MaxValue : null;
        if (fuelBudget is { } budget) _store.Fuel = budget;
        Bridge?.BeginRun(run);
        return run;
    }

    private RunResult EndRun(RunContext run, long started, ulong? fuelBudget, RunStatus status, PythonError? error, string? message)
    {
        // Timers left by a failed run are dropped, as the page they belonged to is gone.
        if (!_timers.IsEmpty)
        {
            var leftover = _timers.Clear();
            if (!IsBroken) foreach (int callback in leftover) FreeProxyRef(callback);
        }

        Bridge?.EndRun();
        int? exitCode = null;
        if (error is { Type: "SystemExit" })
        {
            exitCode = int.TryParse(error.Message, out int code) ? code : error.Message.Length == 0 ? 0 : 1;
            error = null;
            status = RunStatus.Completed;
        }
        else if (error is { Type: "MemoryError" })
        {
            status = RunStatus.MemoryLimitExceeded;
            message = "The code ran out of memory (MemoryError).";
        }

        return new RunResult
        {
            Status = status,
            Stdout = run.Stdout,
            Stderr = run.Stderr,
            Error = error,
            Message = message ?? (status == RunStatus.OutputLimitExceeded ? run.StopMessage : null),
            ExitCode = exitCode,
            OutputTruncated = run.OutputTruncated,
            FuelConsumed = fuelBudget is { } b ? b - SafeFuel(b) : null,
            PeakMemoryBytes = Memory.Length,
            WallTime = Stopwatch.GetElapsedTime(started),
            Files = FileSystem.WrittenFiles(),
        };
    }

    private ulong SafeFuel(ulong budget)
    {
        try { return _store.Fuel; }
        catch (WasmtimeException) { return budget; }
    }

    private (RunStatus, PythonError?) ReadOutcome(uint outp)
    {
        int kind = Memory.ReadInt32(outp);
        if (kind != ExceptionKind) return (RunStatus.Completed, null);
        uint length = Memory.ReadUInt32(outp + 4);
        uint text = Memory.ReadUInt32(outp + 8);
        string report = Memory.ReadUtf8(text, length);
        Free(text);
        return (RunStatus.PythonError, ErrorHints.Annotate(PythonError.Parse(report)));
    }

    private (RunStatus, string) Classify(RunContext run, Exception e)
    {
        switch (run.StopReason)
        {
            case StopReason.Timeout: return (RunStatus.TimeLimitExceeded, run.StopMessage!);
            case StopReason.Cancelled: return (RunStatus.Cancelled, run.StopMessage!);
            case StopReason.OutputLimit: return (RunStatus.OutputLimitExceeded, run.StopMessage!);
            case StopReason.GuestFault: return (RunStatus.Fault, run.StopMessage!);
        }
        if (e is TrapException { Type: TrapCode.OutOfFuel }) return (RunStatus.FuelExhausted, "The run used up its fuel budget.");
        if (run.HeapGrowthRefused) return (RunStatus.MemoryLimitExceeded, "The code needed more memory than the sandbox's limit.");
        if ((int)_splitBudget.GetValue()! == ModulePatcher.FatalErrorMarker)
        {
            // MicroPython's fatal path; with the heap at the cap it is memory exhaustion (typically no
            // room left even to describe the MemoryError), otherwise an internal error.
            long room = _memoryLimit - Memory.Length;
            return room < Math.Max(2 * AllocatorReserve(_memoryLimit), _memoryLimit / 8)
                ? (RunStatus.MemoryLimitExceeded, "The code needed more memory than the sandbox's limit.")
                : (RunStatus.Fault, "The interpreter hit a fatal error.");
        }
        return (RunStatus.Fault, $"The interpreter stopped on a fault: {Describe(e)}.");
    }

    private static string Describe(Exception e)
    {
        while (e.InnerException is not null && e is not TrapException) e = e.InnerException;
        if (e is TrapException trap && trap.Type != TrapCode.Undefined) return trap.Type.ToString();
        // Wasmtime puts the cause ("wasm trap: ...", the host exception) on the last line after the backtrace.
        var lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? e.GetType().Name : lines[^1];
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _store.Dispose();
    }
}
