using System.Diagnostics;
using MicroPython.Sandbox.Abi;
using MicroPython.Sandbox.Interop;
using MicroPython.Sandbox.Limits;
using Wasmtime;

namespace MicroPython.Sandbox.Engine;

/// <summary>
/// A loaded interpreter: one Wasmtime engine with the compiled MicroPython module, the setjmp/longjmp
/// shim inside it, and a linker holding every host import. A <see cref="SandboxRuntime"/> builds one per
/// configuration it needs (metered or not, pooled or overflow) and shares it by all its sandboxes; everything here is
/// safe to use from many threads.
/// </summary>
/// <remarks>
/// Pooled memories (<c>poolSize</c> above 0) are reused with their start-up image still mapped, which makes a new
/// sandbox about twice as cheap; sandboxes beyond the pool go to an engine without pooling.
/// </remarks>
internal sealed class SandboxEngine : IDisposable
{

    /// <summary>Bytes of each pooled memory kept resident when its sandbox ends, so the next one does not fault them in again.</summary>
    private const int PoolKeepResidentBytes = 256 * 1024;

    /// <summary>
    /// Ended sandboxes whose memories are reset together. Each reset makes the kernel flush the TLB of every
    /// core running this process; batching them took two threads from 14,000 to 18,000-20,000 new sandboxes/s.
    /// </summary>
    private const int PoolDecommitBatch = 16;

    /// <param name="metered">Whether stores count fuel.</param>
    /// <param name="poolSize">Pool slots (0 for no pooling); see <see cref="UsablePoolSize"/>.</param>
    /// <param name="flavor">The interpreter binary.</param>
    /// <param name="cacheDirectory">The folder for compiled modules; null compiles in memory only.</param>
    /// <param name="useStartupImage">Whether sandboxes start from a start-up image (tests compare both paths).</param>
    internal SandboxEngine(bool metered, int poolSize, EngineFlavor flavor, string? cacheDirectory, bool useStartupImage = true)
    {
        var started = Stopwatch.GetTimestamp();
        Metered = metered;
        PoolSlots = poolSize;
        UseStartupImage = useStartupImage;
        // The binary is only patched when something needs it: a warm start loads the start-up image from the
        // module cache (keyed by the embedded binary and this library's build) and reads all it needs from it.
        _patched = new Lazy<PatchedModule>(() => ModulePatcher.Patch(flavor.ReadBinary()));
        using (var config = new Config()
            .WithEpochInterruption(true)
            .WithExceptions(true)
            .WithMemoryMayMove(false)
            .WithWasmStack(StackBudget.NativeBytes)
            .WithFuelConsumption(metered))
        {
            if (poolSize > 0)
            {
                // One core instance, table and memory per sandbox. Memory slots reserve address space only
                // (4 GiB each, like any 32-bit memory), never committed memory.
                config.WithPoolingAllocationStrategy(new PoolingAllocationConfig()
                    .WithMaxCoreInstances((uint)poolSize + 1)
                    .WithMaxMemories((uint)poolSize + 1)
                    .WithMaxTables((uint)poolSize + 1)
                    .WithMaxMemorySize((nuint)SandboxOptions.MaximumMemoryLimit)
                    .WithLinearMemoryKeepResidentBytes(PoolKeepResidentBytes)
                    .WithTableKeepResidentBytes(PoolKeepResidentBytes)
                    .WithDecommitBatchSize(PoolDecommitBatch));
            }
            Engine = new Wasmtime.Engine(config);
        }
        // Pooling changes how instances are allocated, not the compiled code, so both engines share cache entries.
        string configuration = $"epoch;exceptions;fixed-memory;fuel={metered}";
        string imageName = flavor.Name + "-image";
        byte[] imageKey = ImageKey(flavor);

        // Loading is mostly first-call work (JIT, native set-up) on two independent paths: the host imports are
        // defined on a second thread while this one reads the cached image.
        Linker? defined = null;
        Exception? linkerFailure = null;
        var definer = new Thread(() =>
        {
            try
            {
                WasmtimeInternals.VerifyWithEngine(Engine);
                defined = WasmtimeInternals.CreateLinker(Engine);
                HostImports.DefineIn(defined);
            }
            catch (Exception e)
            {
                linkerFailure = e;
            }
        }) { IsBackground = true, Name = "MicroPython.Sandbox engine load" };
        definer.Start();
        var (image, mutableGlobals) = UseStartupImage && ModuleCache.TryLoad(Engine, imageName, imageKey, configuration, cacheDirectory) is { } cached
            ? (StartupImage.FromModule(cached, ImageHeapAreaBytes), MutableGlobalsOf(cached))
            : default;
        definer.Join();
        if (linkerFailure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(linkerFailure);
        Linker = defined!;
        _threadLinkers = new ThreadLocal<Linker>(() =>
        {
            var linker = Linker.Clone();
            linker.AllowShadowing = true;
            return linker;
        });
        Ticker = new EpochTicker(Engine);
        // Sandboxes from the start-up image never need the plain module: load it on first use.
        _main = new Lazy<Module>(() => ModuleCache.Load(Engine, flavor.Name, _patched.Value.Wasm, configuration, cacheDirectory));
        // Only sandboxes that start the normal way need the probe; most come from the image.
        _initialPages = new Lazy<uint>(() => Probe(_patched.Value.InitialMemoryPages));

        if (image is not null)
        {
            Image = image;
            MutableGlobals = mutableGlobals;
        }
        else
        {
            MutableGlobals = _patched.Value.MutableGlobals;
            Image = LoadImage(imageName, imageKey, configuration, cacheDirectory);
        }
        LoadTime = Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// What identifies a start-up image: the embedded binary and this library's build, both covered by the
    /// assembly's version id (a hash of its whole content, resources included, in deterministic builds); the patcher,
    /// the shim and the start-up code are all in it. Then the image format and the heap and stack it starts with.
    /// </summary>
    private static byte[] ImageKey(EngineFlavor flavor) =>
        [.. typeof(SandboxEngine).Module.ModuleVersionId.ToByteArray(),
         .. System.Text.Encoding.UTF8.GetBytes($"|{flavor.ResourceName}|{ImageFormat}|{ImageHeapAreaBytes}|{Limits.StackBudget.PyStackWords(Limits.StackBudget.DefaultBytes)}|{Limits.StackBudget.DefaultBytes}|{Runtime.Interpreter.StartupCode}")];

    /// <summary>The indices of a patched module's mutable globals, read from its exports.</summary>
    private static List<uint> MutableGlobalsOf(Module module)
    {
        var globals = new List<uint>();
        foreach (var export in module.Exports)
            if (export is GlobalExport && export.Name.StartsWith(ModulePatcher.GlobalExportPrefix, StringComparison.Ordinal))
                globals.Add(uint.Parse(export.Name.AsSpan(ModulePatcher.GlobalExportPrefix.Length), System.Globalization.CultureInfo.InvariantCulture));
        globals.Sort();
        return globals;
    }

    /// <summary>The first heap area the start-up image is made with: the one every cap of 4 MiB or more uses.</summary>
    internal const long ImageHeapAreaBytes = 1024 * 1024;

    /// <summary>Bumped when the way the image is captured or written changes, so cached images are rebuilt.</summary>
    private const string ImageFormat = "startup-image-v1";

    /// <summary>Whether this engine makes sandboxes from a start-up image.</summary>
    internal bool UseStartupImage { get; }

    /// <summary>The pre-initialized interpreter, or null when this engine starts every sandbox the normal way.</summary>
    public StartupImage? Image { get; }

    /// <summary>
    /// The image for a sandbox with this first heap area, C stack and cap, or null when it must start normally. The
    /// image is captured with the default C stack (<see cref="Limits.StackBudget.DefaultBytes"/>), which start-up
    /// placed in its memory.
    /// </summary>
    public StartupImage? ImageFor(long firstHeapAreaBytes, long memoryLimit, int stackBytes = Limits.StackBudget.DefaultBytes) =>
        Image is { } image && image.FirstHeapAreaBytes == firstHeapAreaBytes && stackBytes == Limits.StackBudget.DefaultBytes
        && (long)image.Pages * 65536 <= memoryLimit ? image : null;

    /// <summary>Where the patched module keeps its C stack bounds (for moving the stack at start-up).</summary>
    public GcPatchFacts GcFacts => _patched.Value.Gc;

    /// <summary>
    /// Captures the start-up image and stores it in the module cache: start one interpreter the normal way, read its
    /// memory and mutable globals, and compile them into a module (<see cref="StartupImage.BuildModule"/>). Any
    /// failure leaves the normal path in use.
    /// </summary>
    private StartupImage? LoadImage(string name, byte[] key, string configuration, string? cacheDirectory)
    {
        if (!UseStartupImage) return null;
        try
        {
            var module = ModuleCache.Load(Engine, name, key, () => CaptureImage(_patched.Value), configuration, cacheDirectory);
            return StartupImage.FromModule(module, ImageHeapAreaBytes);
        }
        catch (Exception e) when (e is WasmtimeException or InvalidDataException or InvalidOperationException)
        {
            return null;
        }
    }

    private byte[] CaptureImage(PatchedModule patched)
    {
        const long captureLimit = 64L << 20;
        if (Runtime.Interpreter.FirstHeapAreaBytes(captureLimit) != ImageHeapAreaBytes)
            throw new InvalidOperationException("The capture sandbox does not use the image's first heap area.");
        if (Limits.StackBudget.StackBytes(Limits.StackBudget.DefaultBytes, captureLimit) != Limits.StackBudget.DefaultBytes)
            throw new InvalidOperationException("The capture sandbox does not use the default C stack.");
        using var interpreter = Runtime.Interpreter.StartWithoutImage(this, captureLimit, Limits.StackBudget.DefaultBytes);
        var globals = new Dictionary<uint, int>();
        foreach (uint g in patched.MutableGlobals)
        {
            var global = interpreter.Instance.GetGlobal(ModulePatcher.GlobalExportPrefix + g)
                ?? throw new InvalidOperationException($"The interpreter does not export global {g}.");
            globals[g] = (int)global.GetValue()!;
        }
        var memory = interpreter.Memory.Span(0, (uint)interpreter.Memory.Length);
        return StartupImage.BuildModule(patched.Wasm, memory, globals, patched.MaximumMemoryPages);
    }

    public bool Metered { get; }

    /// <summary>What a session snapshot is bound to (see <see cref="Persistence.SessionSnapshot.BuildId"/>); computed on first use.</summary>
    internal byte[] BuildId => _buildId ??= Persistence.SessionSnapshot.BuildId(_patched.Value.Wasm);

    /// <summary>The patched binary the engine runs (read by <see cref="Runtime.CanonicalLayout"/>).</summary>
    internal byte[] PatchedWasm => _patched.Value.Wasm;

    private byte[]? _buildId;

    /// <summary>Where the garbage collector's first heap area is described in every interpreter's memory (see <see cref="Runtime.GcHeap"/>): unknown until a snapshot looks, -1 when not found.</summary>
    internal long HeapAreaOffset { get; set; } = HeapAreaUnknown;

    internal const long HeapAreaUnknown = -2;

    /// <summary>Sandboxes this engine's pooling allocator has room for; 0 when it does not pool.</summary>
    public int PoolSlots { get; }

    public Wasmtime.Engine Engine { get; }

    public Module Main => _main.Value;

    private readonly Lazy<Module> _main;

    public Linker Linker { get; }

    /// <summary>Per-thread copies of <see cref="Linker"/> whose per-store definitions are overwritten by each sandbox.</summary>
    private readonly ThreadLocal<Linker> _threadLinkers;

    public EpochTicker Ticker { get; }

    private readonly Lazy<PatchedModule> _patched;

    /// <summary>Indices of the interpreter's mutable globals, each exported as <see cref="ModulePatcher.GlobalExportPrefix"/> + index.</summary>
    public IReadOnlyList<uint> MutableGlobals { get; }

    /// <summary>Pages a new sandbox starts with: static data, the C stack and a little heap.</summary>
    public uint InitialMemoryPages => _initialPages.Value;

    private readonly Lazy<uint> _initialPages;

    /// <summary>How long loading this engine took (compilation or cache load, and the probe).</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>
    /// The pool size to use: <paramref name="requested"/> on Linux when the address space for it can be reserved,
    /// else 0. Wasmtime reserves the whole pool when the engine is created (about 4 GiB of address space per slot,
    /// none of it committed) and aborts the process if that fails, for example under <c>ulimit -v</c>; so the
    /// reservation is tried here first.
    /// </summary>
    internal static int UsablePoolSize(int requested)
    {
        if (requested <= 0 || !OperatingSystem.IsLinux() || !Environment.Is64BitProcess) return 0;
        const ulong slotBytes = (4UL << 30) + (64UL << 20);
        ulong total = (ulong)(requested + 1) * slotBytes + (1UL << 30);
        nint address = Libc.Mmap(0, (nuint)total, Libc.ProtNone, Libc.MapPrivate | Libc.MapAnonymous | Libc.MapNoReserve, -1, 0);
        if (address == Libc.MapFailed) return 0;
        Libc.Munmap(address, (nuint)total);
        return requested;
    }

    /// <summary>
    /// Stops the epoch ticker once no run is active. The Wasmtime engine, its modules and its linker are left to
    /// the garbage collector: sandboxes (sessions) made from this engine may still run, and their stores and
    /// deadlines need them; once nothing references the engine, the binding's finalizers release it.
    /// </summary>
    public void Dispose() => Ticker.Dispose();

    /// <summary>
    /// Pages a sandbox that starts the normal way begins with: up to where the C heap starts (found by
    /// asking a throwaway instance with the module's own initial memory for a first block), plus one.
    /// </summary>
    private uint Probe(uint originalPages)
    {
        using var store = new Store(Engine);
        store.SetEpochDeadline(ulong.MaxValue);
        if (Metered) store.Fuel = ulong.MaxValue;

        var (instance, _) = Instantiate(store, originalPages, originalPages);
        var malloc = instance.GetFunction<int, int>("malloc") ?? throw new InvalidOperationException("The interpreter exports no malloc.");
        uint first = (uint)malloc(16);
        if (first == 0) throw new InvalidOperationException("The interpreter could not allocate during start-up.");
        return (first + 16 + 65535) / 65536 + 1;
    }

    /// <summary>Function imports the linker does not provide (the patched module imports nothing else but its memory).</summary>
    internal static IReadOnlyList<string> MissingImports(IEnumerable<(string Module, string Name)> functionImports, Linker linker, Store store) =>
        functionImports
            .Where(i => linker.GetFunction(store, i.Module, i.Name) is null)
            .Select(i => $"{i.Module}.{i.Name}")
            .ToList();

    /// <summary>Instantiates the start-up image: an interpreter that is already started, with its own memory.</summary>
    public (Instance Instance, Memory Memory) InstantiateImage(Store store, StartupImage image)
    {
        var instance = Link(store, image.Module, memory: null);
        return (instance, instance.GetMemory(image.MemoryExport) ?? throw new InvalidOperationException("The start-up image exports no memory."));
    }

    /// <summary>Creates the host-owned memory and instantiates the plain (not pre-initialized) interpreter with it.</summary>
    public (Instance Instance, Memory Memory) Instantiate(Store store, uint initialPages, uint maximumPages)
    {
        var memory = new Memory(store, initialPages, maximumPages, false);
        return (Link(store, Main, memory), memory);
    }

    /// <summary>Instantiates the interpreter with the host imports and, when it imports its memory, <paramref name="memory"/>.</summary>
    private Instance Link(Store store, Module interpreter, Memory? memory)
    {
        try
        {
            if (memory is null) return Linker.Instantiate(store, interpreter);
            // The memory replaces the previous store's on this thread's linker: cheaper than cloning the base
            // linker (all the host imports) for every sandbox.
            var linker = _threadLinkers.Value!;
            linker.Define("env", ModulePatcher.MemoryImport, memory);
            return linker.Instantiate(store, interpreter);
        }
        catch (WasmtimeException)
        {
            // Checked only on failure, so loading does not pay for it: name what this host lacks.
            var imports = interpreter.Imports.OfType<FunctionImport>().Select(i => (i.ModuleName, i.Name));
            var missing = MissingImports(imports, Linker, store);
            if (missing.Count > 0)
                throw new InvalidOperationException($"The interpreter module imports {string.Join(", ", missing)}, which this host does not provide.");
            throw;
        }
    }
}
