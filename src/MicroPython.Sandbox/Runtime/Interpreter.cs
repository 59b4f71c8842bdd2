using System.Diagnostics;
using System.Text;
using MicroPython.Sandbox.Abi.Proxy;
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
/// <remarks>
/// The class is split by job: this file holds the store, the exports, guest memory and allocation, and the heap
/// budget (policy in <see cref="HeapBudget"/>); <c>Interpreter.Run.cs</c> runs code and calls under a run's limits;
/// <c>Interpreter.Snapshots.cs</c> captures, restores and resets to the start-up image. Timers are the
/// <see cref="EventLoop"/>'s, <c>input()</c> is <see cref="StandardInput"/>'s, and the value-slot format is
/// <see cref="ValueSlot"/>'s.
/// </remarks>
internal sealed partial class Interpreter : IDisposable
{
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
    private EventLoop? _events;
    private bool _disposed;

    private Interpreter(SandboxEngine engine, long memoryLimit, int stackBytes, bool useImage = true)
    {
        _engine = engine;
        _memoryLimit = memoryLimit;
        StackBytes = StackBudget.StackBytes(stackBytes, memoryLimit);
        _store = new Store(engine.Engine, this);
        // The table cannot grow past its declared size, and the module has no instruction that grows it.
        _store.SetLimits(memorySize: memoryLimit, instances: 1, tables: 1, memories: 1);
        _store.SetEpochDeadline(ulong.MaxValue);
        if (engine.Metered) _store.Fuel = ulong.MaxValue;

        try
        {
            // A start-up image is an interpreter already past the start-up below; see StartupImage.
            var image = useImage ? engine.ImageFor(FirstHeapAreaBytes(memoryLimit), memoryLimit, StackBytes) : null;
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
                instance.GetAction<int, int>("mp_js_init")!(StackBudget.PyStackWords(StackBytes), (int)FirstHeapAreaBytes(memoryLimit));
                if (StackBudget.Moves(StackBytes)) MoveStack(instance, engine.GcFacts);
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
            ((Interpreter)store.GetData()!).CurrentRun?.OnTick();
            return 1;
        });
    }

    public GuestMemory Memory { get; }

    /// <summary>Bytes of C stack the interpreter was started with (see <see cref="StackBudget"/>).</summary>
    internal int StackBytes { get; }

    /// <summary>
    /// Gives the interpreter a C stack of <see cref="StackBytes"/> in place of the build's 64 KiB at address 0: a block
    /// from the C allocator with the stack pointer, Emscripten's stack base (where the collector's scan of the C stack
    /// ends) and MicroPython's stack top at its top, and MicroPython's limit <see cref="StackBudget.MarginBytes"/> short
    /// of its end. Runs right after <c>mp_js_init</c>, between two calls, when nothing lives on the old stack: its
    /// Python stack and first heap area stay at the low addresses a pooled memory keeps resident between sandboxes
    /// (allocated first, they would move past it and a fresh sandbox would fault their pages in again). A longjmp
    /// restores the stack pointer it saved, so it follows; the old stack is left unused.
    /// </summary>
    private void MoveStack(Instance instance, GcPatchFacts facts)
    {
        uint block = Malloc((uint)StackBytes);
        if (block == 0) throw new InvalidOperationException("The sandbox's memory cap leaves no room for the interpreter's C stack.");
        // The block took the C allocator's free memory at the top: give it room again (grown memory stays, the freed
        // block is reused), or a sandbox's first allocations would grow memory past the start-up image's size, which
        // a recycled interpreter cannot be reset from.
        uint room = Malloc(StackBudget.AllocatorRoomBytes);
        if (room != 0) Free(room);
        // Page-aligned, so a short run touches as few stack pages as it can (each is a page fault in a fresh sandbox).
        int top = (int)((block + (uint)StackBytes) & ~4095u);
        StackPointer.SetValue(top);
        var stackBase = instance.GetGlobal(ModulePatcher.GlobalExportPrefix + facts.StackBaseGlobal)
            ?? throw new InvalidOperationException("The interpreter does not export its stack base.");
        stackBase.SetValue(top);
        Memory.WriteInt32((uint)facts.StackTopAddress, top);
        Memory.WriteInt32((uint)facts.StackLimitAddress, StackBudget.CheckedBytes(top - (int)block));
    }

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

    /// <summary>The guest's timers (<c>js.setTimeout</c>), made on first use.</summary>
    public EventLoop Events => _events ??= new EventLoop(this);

    /// <summary>
    /// Creates and starts an interpreter on <paramref name="runtime"/>'s engine, whose linear memory is capped at
    /// <paramref name="memoryLimit"/> bytes.
    /// </summary>
    /// <exception cref="ObjectDisposedException"><paramref name="runtime"/> is disposed.</exception>
    public static Interpreter Create(SandboxRuntime runtime, bool metered, long memoryLimit, int stackBytes = StackBudget.DefaultBytes) =>
        Create(runtime.EngineFor(metered), () => runtime.OverflowEngineFor(metered), memoryLimit, stackBytes);

    /// <summary>Creates an interpreter on <paramref name="engine"/>, or on <paramref name="overflow"/> when its pool is full.</summary>
    internal static Interpreter Create(SandboxEngine engine, Func<SandboxEngine> overflow, long memoryLimit, int stackBytes = StackBudget.DefaultBytes)
    {
        if (engine.PoolSlots == 0) return new(engine, memoryLimit & ~0xFFFFL, stackBytes);
        try
        {
            return new(engine, memoryLimit & ~0xFFFFL, stackBytes);
        }
        catch (WasmtimeException e) when (Interop.WasmtimeInternals.IsPoolExhausted(e))
        {
            // Every pool slot is taken: this sandbox goes to the engine without pooling. Any other failure is real.
            return new(overflow(), memoryLimit & ~0xFFFFL, stackBytes);
        }
    }

    /// <summary>Starts an interpreter the normal way, never from the start-up image (used to capture that image).</summary>
    internal static Interpreter StartWithoutImage(SandboxEngine engine, long memoryLimit, int stackBytes = StackBudget.DefaultBytes) => new(engine, memoryLimit & ~0xFFFFL, stackBytes, useImage: false);

    // ---- heap budget (policy in Limits/HeapBudget) ----

    /// <summary>Bytes for MicroPython's first heap area under <paramref name="memoryLimit"/>; see <see cref="HeapBudget.FirstHeapAreaBytes"/>.</summary>
    internal static long FirstHeapAreaBytes(long memoryLimit) => HeapBudget.FirstHeapAreaBytes(memoryLimit);

    /// <summary>How this interpreter's memory cap is shared out.</summary>
    internal HeapBudget Heap => new(_memoryLimit);

    /// <summary>Tells the garbage collector how large a new heap area may be: what is left under the cap.</summary>
    private void UpdateSplitBudget() => _splitBudget.SetValue(Heap.SplitBudget(Memory.Length));

    /// <summary>Grows linear memory to at least <paramref name="requested"/> bytes, never past the cap.</summary>
    public bool GrowMemory(uint requested)
    {
        if (!Heap.TryPlanGrowth(requested, Memory.Length, out long pages))
        {
            if (CurrentRun is { } run) run.HeapGrowthRefused = true;
            return false;
        }
        if (pages == 0) return true;
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

    // ---- guest memory ----

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

    /// <summary>
    /// Writes a string into the value slot at <paramref name="slot"/>: a malloc'ed UTF-8 copy the C side takes and
    /// frees. False when the guest heap has no room.
    /// </summary>
    public bool TryWriteString(uint slot, ReadOnlySpan<byte> utf8)
    {
        uint copy = CopyIn(utf8);
        if (copy == 0) return false;
        ValueSlot.At(Memory, slot).WriteString(utf8.Length, copy);
        return true;
    }

    /// <inheritdoc cref="TryWriteString(uint, ReadOnlySpan{byte})"/>
    public bool TryWriteString(uint slot, string text) => TryWriteString(slot, Encoding.UTF8.GetBytes(text));

    public int TicksMs() => (int)(long)Stopwatch.GetElapsedTime(_created).TotalMilliseconds;

    public void WriteOutput(int fd, ReadOnlySpan<byte> data)
    {
        if (CurrentRun is { } run) run.Write(fd, data);
    }

    // ---- Python references ----

    /// <summary>Registers a host object (a host reference, see <see cref="ProxyRefs"/>) as an importable module, e.g. <c>import name</c>.</summary>
    public void RegisterModule(string name, int hostRef)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        uint block = Malloc(ValueSlot.Size), text = CopyIn(Encoding.UTF8.GetBytes(name));
        if (block == 0 || text == 0) throw new InvalidOperationException("The sandbox has no memory left to register a module.");
        ValueSlot.At(Memory, block).WriteObject(hostRef);
        RegisterJsModule((int)text, (int)block);
        Free(block);
        Free(text);
    }

    /// <summary>Releases a Python object reference the guest passed to the host (a <c>proxy_c_ref</c> index).</summary>
    public void FreePythonRef(int reference) => FreeProxyRef(reference);

    /// <summary>Calls the Python callable <paramref name="callable"/> (a <c>proxy_c_ref</c> index) with no arguments; its outcome goes to the slot at <paramref name="outp"/>.</summary>
    internal void CallPythonRef(int callable, uint outp) => ProxyCall(callable, 0, 0, (int)outp);

    /// <summary>A value slot holding a Python object also holds a reference the host must release.</summary>
    internal void ReleaseReturnedObject(uint slot)
    {
        var value = ValueSlot.At(Memory, slot);
        if (value.HoldsPythonReference) FreeProxyRef(value.Int32);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _store.Dispose();
    }
}
