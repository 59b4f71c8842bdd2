using System.Diagnostics;
using MicroPython.Sandbox.Engine;
using MicroPython.Sandbox.Runtime;
using Wasmtime;

namespace MicroPython.Sandbox.Benchmarks;

/// <summary>Where the time of a fresh sandbox goes: each step of creating and starting an interpreter, timed apart.</summary>
internal static class Phases
{
    /// <summary>The same steps for a sandbox made from the start-up image.</summary>
    public static void RunImage(int iterations)
    {
        var engine = SandboxEngine.Get(false);
        var image = engine.Image ?? throw new InvalidOperationException("No start-up image.");
        var names = new[] { "store", "table+global", "shim", "linker clone+define", "instantiate", "exec", "dispose" };
        var totals = new double[names.Length];
        for (int i = 0; i < iterations; i++)
        {
            long t = Stopwatch.GetTimestamp();
            void Lap(int k) { long now = Stopwatch.GetTimestamp(); if (i >= iterations / 4) totals[k] += Stopwatch.GetElapsedTime(t, now).TotalMicroseconds; t = now; }
            var store = new Store(engine.Engine);
            store.SetLimits(memorySize: 64 << 20, tableElements: engine.TableSize + 1, instances: 2, tables: 1, memories: 1);
            store.SetEpochDeadline(ulong.MaxValue);
            Lap(0);
            var table = new Table(store, TableKind.FuncRef, null, engine.TableSize + 1, engine.TableSize + 1);
            var stackPointer = new Global(store, ValueKind.Int32, engine.StackPointer, Mutability.Mutable);
            Lap(1);
            var shim = new Instance(store, engine.Shim, [table, stackPointer]);
            Lap(2);
            var linker = engine.Linker.Clone();
            linker.DefineInstance(store, "env", shim);
            linker.Define("env", ModulePatcher.TableImport, table);
            linker.Define("env", ModulePatcher.StackPointerImport, stackPointer);
            Lap(3);
            var instance = linker.Instantiate(store, image.Module);
            table.SetElement(engine.TableSize, instance.GetFunction("setThrew")!);
            linker.Dispose();
            Lap(4);
            var memory = instance.GetMemory(image.MemoryExport)!;
            var malloc = instance.GetFunction<int, int>("malloc")!;
            int src = malloc(8), outp = malloc(12);
            "1+2\0"u8.CopyTo(memory.GetSpan(src, 4));
            instance.GetAction<int, int, int>("mp_js_do_exec")!(src, 3, outp);
            Lap(5);
            store.Dispose();
            Lap(6);
        }
        int measured = iterations - iterations / 4;
        Console.WriteLine("image: " + string.Join(", ", names.Select((n, k) => $"{n} {totals[k] / measured:F1} us")));
    }

    public static void Run(int iterations)
    {
        var engine = SandboxEngine.Get(false);
        var names = new[] { "store", "instantiate", "ctors", "mp_js_init", "exec", "dispose", "mem+table+global", "shim", "linker clone+define" };
        var totals = new double[names.Length];
        long nonZero = 0, length = 0;
        for (int i = 0; i < iterations; i++)
        {
            long t = Stopwatch.GetTimestamp();
            void Lap(int k) { long now = Stopwatch.GetTimestamp(); if (i >= iterations / 4) totals[k] += Stopwatch.GetElapsedTime(t, now).TotalMicroseconds; t = now; }
            var store = new Store(engine.Engine);
            store.SetLimits(memorySize: 64 << 20, tableElements: engine.TableSize + 1, instances: 2, tables: 1, memories: 1);
            store.SetEpochDeadline(ulong.MaxValue);
            Lap(0);
            var memory = new Memory(store, engine.InitialMemoryPages + 24, 1024, false);
            var table = new Table(store, TableKind.FuncRef, null, engine.TableSize + 1, engine.TableSize + 1);
            var stackPointer = new Global(store, ValueKind.Int32, engine.StackPointer, Mutability.Mutable);
            Lap(6);
            var shim = new Instance(store, engine.Shim, [table, stackPointer]);
            Lap(7);
            var linker = engine.Linker.Clone();
            linker.DefineInstance(store, "env", shim);
            linker.Define("env", ModulePatcher.TableImport, table);
            linker.Define("env", ModulePatcher.MemoryImport, memory);
            linker.Define("env", ModulePatcher.StackPointerImport, stackPointer);
            Lap(8);
            var instance = linker.Instantiate(store, engine.Main);
            table.SetElement(engine.TableSize, instance.GetFunction("setThrew")!);
            linker.Dispose();
            Lap(1);
            instance.GetAction("emscripten_stack_init")!();
            instance.GetAction("__wasm_call_ctors")!();
            instance.GetGlobal(ModulePatcher.SplitBudgetExport)!.SetValue(32 << 20);
            Lap(2);
            instance.GetAction<int, int>("mp_js_init")!(Interpreter.PyStackWords, 1 << 20);
            instance.GetAction("proxy_c_init")!();
            Lap(3);
            var malloc = instance.GetFunction<int, int>("malloc")!;
            int src = malloc(8), outp = malloc(12);
            "1+2\0"u8.CopyTo(memory.GetSpan(src, 4));
            instance.GetAction<int, int, int>("mp_js_do_exec")!(src, 3, outp);
            Lap(4);
            if (i == 0)
            {
                length = memory.GetLength();
                var span = memory.GetSpan(0, (int)length);
                foreach (byte b in span) if (b != 0) nonZero++;
            }
            store.Dispose();
            Lap(5);
        }
        int measured = iterations - iterations / 4;
        Console.WriteLine(string.Join(", ", names.Select((n, k) => $"{n} {totals[k] / measured:F1} us")));
        Console.WriteLine($"memory after start-up and one run: {length} bytes, {nonZero} non-zero; initial pages {engine.InitialMemoryPages}, heap base {engine.HeapBase}");
    }
}

/// <summary>Experiment: the instantiate step on an engine with the pooling allocator.</summary>
internal static class PoolingExperiment
{
    /// <summary>Experiment: sandboxes from the start-up image on an engine with (or without) the pooling allocator.</summary>
    public static void RunImage(int iterations, bool pooling, bool stripElements = false)
    {
        var baseEngine = SandboxEngine.Get(false);
        var config = new Config().WithEpochInterruption(true).WithExceptions(true);
        if (pooling) config = config.WithPoolingAllocationStrategy(new PoolingAllocationConfig().WithMaxCoreInstances(100).WithMaxMemories(50).WithMaxTables(50).WithMaxMemorySize((nuint)(1UL << 31)).WithLinearMemoryKeepResidentBytes(nuint.Parse(Environment.GetEnvironmentVariable("KEEP") ?? "1048576")));
        using var engine = new Wasmtime.Engine(config);
        var main = stripElements ? Module.FromBytes(engine, "img", Strip(ImageBytes(), 9)) : Module.Deserialize(engine, "img", baseEngine.Image!.Module.Serialize());
        var shimModule = Module.Deserialize(engine, "s", baseEngine.Shim.Serialize());
        var baseLinker = new Linker(engine);
        MicroPython.Sandbox.Abi.EmscriptenImports.Define(baseLinker);
        MicroPython.Sandbox.Abi.FileSystemImports.Define(baseLinker);
        MicroPython.Sandbox.Abi.ProxyImports.Define(baseLinker);
        double total = 0, execTotal = 0, disposeTotal = 0;
        for (int i = 0; i < iterations; i++)
        {
            var store = new Store(engine);
            store.SetEpochDeadline(ulong.MaxValue);
            long t = Stopwatch.GetTimestamp();
            var table = new Table(store, TableKind.FuncRef, null, baseEngine.TableSize + 1, baseEngine.TableSize + 1);
            var sp = new Global(store, ValueKind.Int32, baseEngine.StackPointer, Mutability.Mutable);
            var shim = new Instance(store, shimModule, [table, sp]);
            Instance instance;
            using (var linker = baseLinker.Clone())
            {
                linker.DefineInstance(store, "env", shim);
                linker.Define("env", ModulePatcher.TableImport, table);
                linker.Define("env", ModulePatcher.StackPointerImport, sp);
                instance = linker.Instantiate(store, main);
            }
            if (i >= iterations / 4) total += Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            t = Stopwatch.GetTimestamp();
            if (stripElements) { store.Dispose(); continue; }
            var memory = instance.GetMemory("memory")!;
            var malloc = instance.GetFunction<int, int>("malloc")!;
            int src = malloc(8), outp = malloc(12);
            "1+2\0"u8.CopyTo(memory.GetSpan(src, 4));
            instance.GetAction<int, int, int>("mp_js_do_exec")!(src, 3, outp);
            if (i >= iterations / 4) execTotal += Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            t = Stopwatch.GetTimestamp();
            store.Dispose();
            if (i >= iterations / 4) disposeTotal += Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }
        int n = iterations - iterations / 4;
        Console.WriteLine($"image pooling={pooling} stripElements={stripElements}: create+instantiate {total / n:F1} us, exec {execTotal / n:F1} us, dispose {disposeTotal / n:F1} us");
    }

    public static void Run(int iterations, bool pooling, int strip = 0)
    {
        var baseEngine = SandboxEngine.Get(false);
        var config = new Config().WithEpochInterruption(true).WithExceptions(true);
        if (pooling) config = config.WithPoolingAllocationStrategy(new PoolingAllocationConfig().WithMaxCoreInstances(100).WithMaxMemories(50).WithMaxTables(50).WithMaxMemorySize((nuint)(1UL << 31)));
        using var engine = new Wasmtime.Engine(config);
        var main = Module.FromBytes(engine, "m", Strip(ModulePatcher.Patch(EngineFlavor.Standard.ReadBinary()).Wasm, strip));
        var invokes = main.Imports.Where(i => i.ModuleName == "env" && i.Name.StartsWith(LongjmpShim.InvokePrefix, StringComparison.Ordinal)).Select(i => i.Name).ToArray();
        var shimModule = Module.FromText(engine, "s", LongjmpShim.Generate(invokes, baseEngine.TableSize));
        var baseLinker = new Linker(engine);
        MicroPython.Sandbox.Abi.EmscriptenImports.Define(baseLinker);
        MicroPython.Sandbox.Abi.FileSystemImports.Define(baseLinker);
        MicroPython.Sandbox.Abi.ProxyImports.Define(baseLinker);
        double total = 0, disposeTotal = 0;
        for (int i = 0; i < iterations; i++)
        {
            var store = new Store(engine);
            store.SetEpochDeadline(ulong.MaxValue);
            long t = Stopwatch.GetTimestamp();
            var memory = new Memory(store, baseEngine.InitialMemoryPages + 24, 1024, false);
            var table = new Table(store, TableKind.FuncRef, null, baseEngine.TableSize + 1, baseEngine.TableSize + 1);
            var sp = new Global(store, ValueKind.Int32, baseEngine.StackPointer, Mutability.Mutable);
            var shim = new Instance(store, shimModule, [table, sp]);
            using (var linker = baseLinker.Clone())
            {
                linker.DefineInstance(store, "env", shim);
                linker.Define("env", ModulePatcher.TableImport, table);
                linker.Define("env", ModulePatcher.MemoryImport, memory);
                linker.Define("env", ModulePatcher.StackPointerImport, sp);
                linker.Instantiate(store, main);
            }
            if (i >= iterations / 4) total += Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            t = Stopwatch.GetTimestamp();
            store.Dispose();
            if (i >= iterations / 4) disposeTotal += Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }
        int n = iterations - iterations / 4;
        Console.WriteLine($"pooling={pooling} strip={strip}: create+instantiate {total / n:F1} us, dispose {disposeTotal / n:F1} us");
    }

    private static byte[] ImageBytes()
    {
        var patched = ModulePatcher.Patch(EngineFlavor.Standard.ReadBinary());
        var memory = new byte[32 * 65536];
        return StartupImage.BuildModule(patched.Wasm, memory, patched.MutableGlobals.ToDictionary(g => g, g => 0), patched.MaximumMemoryPages);
    }

    private static byte[] Strip(byte[] wasm, int id)
    {
        if (id == 0) return wasm;
        var output = new MemoryStream();
        output.Write(wasm, 0, 8);
        var cursor = new WasmCursor(wasm, 8);
        while (!cursor.AtEnd)
        {
            byte sid = cursor.ReadByte();
            int length = (int)cursor.ReadU32();
            var content = cursor.ReadBytes(length);
            if (sid != id) WasmWriter.WriteSection(output, sid, content);
        }
        return output.ToArray();
    }
}
