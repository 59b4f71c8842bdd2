using System.Diagnostics;
using MicroPython.Sandbox.Abi;
using MicroPython.Sandbox.Limits;
using Wasmtime;

namespace MicroPython.Sandbox.Engine;

/// <summary>
/// A loaded interpreter: one Wasmtime engine with the compiled MicroPython module, the setjmp/longjmp
/// shim and a linker holding every host import. Built once per process and configuration (metered or
/// not) and shared by all sandboxes; everything here is safe to use from many threads.
/// </summary>
internal sealed class SandboxEngine
{
    private static readonly object Gate = new();
    private static SandboxEngine? _unmetered, _metered;
    private static string? _cacheDirectory = ModuleCache.DefaultDirectory;

    private SandboxEngine(bool metered, EngineFlavor flavor, string? cacheDirectory)
    {
        var started = Stopwatch.GetTimestamp();
        Metered = metered;
        using (var config = new Config()
            .WithEpochInterruption(true)
            .WithExceptions(true)
            .WithFuelConsumption(metered))
        {
            Engine = new Wasmtime.Engine(config);
        }
        string configuration = $"epoch;exceptions;fuel={metered}";

        var patched = ModulePatcher.Patch(flavor.ReadBinary());
        TableSize = patched.TableSize;
        StackPointer = patched.StackPointer;
        MaximumMemoryPages = patched.MaximumMemoryPages;
        Main = ModuleCache.Load(Engine, flavor.Name, patched.Wasm, configuration, cacheDirectory);

        var invokes = Main.Imports
            .Where(i => i.ModuleName == "env" && i.Name.StartsWith(LongjmpShim.InvokePrefix, StringComparison.Ordinal))
            .Select(i => i.Name)
            .ToArray();
        Shim = ModuleCache.Load(Engine, flavor.Name + "-longjmp", Module.ConvertText(LongjmpShim.Generate(invokes, TableSize)), configuration, cacheDirectory);
        ShimExports = Shim.Exports.Select(e => e.Name).ToHashSet();

        Linker = new Linker(Engine);
        EmscriptenImports.Define(Linker);
        FileSystemImports.Define(Linker);
        ProxyImports.Define(Linker);

        Ticker = new EpochTicker(Engine);
        (HeapBase, InitialMemoryPages) = Probe(patched.InitialMemoryPages);
        LoadTime = Stopwatch.GetElapsedTime(started);
    }

    /// <summary>The folder for compiled modules; null disables the cache. Takes effect for engines not yet loaded.</summary>
    public static string? CacheDirectory
    {
        get { lock (Gate) return _cacheDirectory; }
        set { lock (Gate) _cacheDirectory = value; }
    }

    public bool Metered { get; }

    public Wasmtime.Engine Engine { get; }

    public Module Main { get; }

    public Module Shim { get; }

    public IReadOnlySet<string> ShimExports { get; }

    public Linker Linker { get; }

    public EpochTicker Ticker { get; }

    /// <summary>Entries in the interpreter's table; the host's table has one more, for <c>setThrew</c>.</summary>
    public uint TableSize { get; }

    public int StackPointer { get; }

    public uint MaximumMemoryPages { get; }

    /// <summary>First address of the C heap, after static data and the C stack.</summary>
    public uint HeapBase { get; }

    /// <summary>Pages a new sandbox starts with: static data, the C stack and a little heap.</summary>
    public uint InitialMemoryPages { get; }

    /// <summary>How long loading this engine took (compilation or cache load, and the probe).</summary>
    public TimeSpan LoadTime { get; }

    public static SandboxEngine Get(bool metered)
    {
        var existing = metered ? Volatile.Read(ref _metered) : Volatile.Read(ref _unmetered);
        if (existing is not null) return existing;
        lock (Gate)
        {
            ref var slot = ref metered ? ref _metered : ref _unmetered;
            return slot ??= new SandboxEngine(metered, EngineFlavor.Standard, _cacheDirectory);
        }
    }

    /// <summary>
    /// Checks that every import is provided, naming any that is not, and measures where the C heap
    /// starts by asking a throwaway instance (with the module's own initial memory) for a first block.
    /// </summary>
    private (uint HeapBase, uint InitialPages) Probe(uint originalPages)
    {
        using var store = new Store(Engine);
        store.SetEpochDeadline(ulong.MaxValue);
        if (Metered) store.Fuel = ulong.MaxValue;

        var missing = MissingImports(Main, Linker, store, ShimExports);
        if (missing.Count > 0)
            throw new InvalidOperationException($"The interpreter module imports {string.Join(", ", missing)}, which this host does not provide.");

        var (instance, _, _) = Instantiate(store, originalPages, originalPages);
        var malloc = instance.GetFunction<int, int>("malloc") ?? throw new InvalidOperationException("The interpreter exports no malloc.");
        uint first = (uint)malloc(16);
        if (first == 0) throw new InvalidOperationException("The interpreter could not allocate during start-up.");
        uint pages = (first + 16 + 65535) / 65536 + 1;
        return (first, pages);
    }

    /// <summary>Imports of <paramref name="module"/> that neither the linker, the shim nor the host-owned table, memory and stack pointer provide.</summary>
    internal static IReadOnlyList<string> MissingImports(Module module, Linker linker, Store store, IReadOnlySet<string> shimExports) =>
        module.Imports
            .Where(i => !(i.ModuleName == "env" && (shimExports.Contains(i.Name) || i.Name is ModulePatcher.TableImport or ModulePatcher.MemoryImport or ModulePatcher.StackPointerImport)))
            .Where(i => i is not FunctionImport || linker.GetFunction(store, i.ModuleName, i.Name) is null)
            .Select(i => $"{i.ModuleName}.{i.Name}")
            .ToList();

    /// <summary>Creates the host-owned table, stack pointer and memory, and instantiates the shim and the interpreter.</summary>
    public (Instance Instance, Memory Memory, Global StackPointer) Instantiate(Store store, uint initialPages, uint maximumPages)
    {
        var memory = new Memory(store, initialPages, maximumPages, false);
        var table = new Table(store, TableKind.FuncRef, null, TableSize + 1, TableSize + 1);
        var stackPointer = new Global(store, ValueKind.Int32, StackPointer, Mutability.Mutable);
        var shim = new Instance(store, Shim, [table, stackPointer]);

        using var linker = Linker.Clone();
        linker.DefineInstance(store, "env", shim);
        linker.Define("env", ModulePatcher.TableImport, table);
        linker.Define("env", ModulePatcher.MemoryImport, memory);
        linker.Define("env", ModulePatcher.StackPointerImport, stackPointer);
        var instance = linker.Instantiate(store, Main);

        table.SetElement(TableSize, instance.GetFunction("setThrew") ?? throw new InvalidOperationException("The interpreter exports no setThrew."));
        return (instance, memory, stackPointer);
    }
}
