using System.Diagnostics;
using System.Text;
using MicroPython.Sandbox.Engine;
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
    private readonly long _created = Stopwatch.GetTimestamp();
    private readonly Func<int, int> _malloc;
    private readonly Action<int> _free;
    private readonly Action<int, int, int> _doExec;
    private readonly Global _splitBudget;
    private bool _disposed;

    private Interpreter(SandboxEngine engine, long memoryLimit, bool useImage = true)
    {
        _engine = engine;
        _memoryLimit = memoryLimit;
        _store = new Store(engine.Engine, this);
        _store.SetLimits(memorySize: memoryLimit, tableElements: engine.TableSize, instances: 3, tables: 2, memories: 1);
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

    /// <summary>The interpreter's instance (for the engine's start-up image capture).</summary>
    internal Instance Instance { get; }

    /// <summary>The run in progress, if any.</summary>
    public RunContext? CurrentRun { get; private set; }

    /// <summary>True once a trap has left the interpreter's C state undefined.</summary>
    public bool IsBroken { get; private set; }

    public static Interpreter Of(Caller caller) => (Interpreter)caller.GetData()!;

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

    public int TicksMs() => (int)(long)Stopwatch.GetElapsedTime(_created).TotalMilliseconds;

    public void WriteOutput(int fd, ReadOnlySpan<byte> data)
    {
        if (CurrentRun is { } run) run.Write(fd, data);
    }

    /// <summary>Grows linear memory to at least <paramref name="requested"/> bytes, never past the cap.</summary>
    public bool GrowMemory(uint requested)
    {
        var memory = Memory.Memory;
        long current = memory.GetLength();
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
            memory.Grow(pages);
            UpdateSplitBudget();
            return true;
        }
        catch (WasmtimeException)
        {
            if (CurrentRun is { } run) run.HeapGrowthRefused = true;
            return false;
        }
    }

    /// <summary>Runs Python source (UTF-8) to completion or until a limit stops it.</summary>
    public RunResult Execute(ReadOnlySpan<byte> source, SandboxOptions options, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsBroken) throw new InvalidOperationException("The interpreter was stopped by a trap and cannot run again.");

        var run = new RunContext(options.MaxOutputBytes, options.Timeout, cancellation);
        var started = Stopwatch.GetTimestamp();
        CurrentRun = run;
        ulong? fuelBudget = _engine.Metered ? options.Fuel ?? ulong.MaxValue : null;
        if (fuelBudget is { } budget) _store.Fuel = budget;

        uint src = 0, outp = 0;
        PythonError? error = null;
        RunStatus status;
        string? message = null;
        try
        {
            using var active = _engine.Ticker.Enter();
            _store.SetEpochDeadline(1);
            run.CheckDeadline();

            src = Malloc((uint)source.Length + 1);
            outp = Malloc(ValueSlotBytes);
            if (src == 0 || outp == 0)
            {
                status = RunStatus.MemoryLimitExceeded;
                message = "The source does not fit in the sandbox's memory.";
            }
            else
            {
                source.CopyTo(Memory.Span(src, (uint)source.Length));
                Memory.Span(src + (uint)source.Length, 1)[0] = 0;
                _doExec((int)src, source.Length, (int)outp);
                (status, error) = ReadOutcome(outp);
            }
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

        if (!IsBroken)
        {
            if (src != 0) Free(src);
            if (outp != 0) Free(outp);
        }

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
        return (RunStatus.PythonError, PythonError.Parse(report));
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
        var inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return (RunStatus.Fault, $"The interpreter stopped on a fault: {FirstLine(inner.Message)}");
    }

    private static string FirstLine(string text)
    {
        int newline = text.IndexOf('\n');
        return newline < 0 ? text : text[..newline];
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _store.Dispose();
    }
}
