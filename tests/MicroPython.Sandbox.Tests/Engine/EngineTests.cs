using MicroPython.Sandbox.Engine;
using Wasmtime;

namespace MicroPython.Sandbox.Tests;

/// <summary>The engine layer: the binary rewrite, import checking and the compiled-module cache.</summary>
public class EngineTests
{
    [Fact]
    public void PatchedModuleImportsMemoryAndExportsTableStackPointerAndBudget()
    {
        var patched = ModulePatcher.Patch(EngineFlavor.Standard.ReadBinary());
        var engine = SandboxRuntime.Shared.EngineFor(metered: false);
        using var module = Module.FromBytes(engine.Engine, "check", patched.Wasm);

        Assert.Contains(module.Imports, i => i is MemoryImport && i.Name == ModulePatcher.MemoryImport);
        // setjmp/longjmp is implemented inside the module: no trampoline is left for the host.
        Assert.DoesNotContain(module.Imports, i => LongjmpShim.Implements(i.ModuleName, i.Name));
        Assert.Contains(module.Exports, e => e is TableExport && e.Name == ModulePatcher.TableExport);
        Assert.Contains(module.Exports, e => e is GlobalExport && e.Name == ModulePatcher.StackPointerExport);
        Assert.Contains(module.Exports, e => e is GlobalExport && e.Name == ModulePatcher.SplitBudgetExport);
        Assert.True(patched.FatalLoopsPatched >= 1);
        Assert.True(patched.TableSize > 0);
        Assert.True(patched.StackPointer > 0);
    }

    [Fact]
    public void ABinaryOfAnotherShapeIsRefused()
    {
        Assert.Throws<InvalidDataException>(() => ModulePatcher.Patch([1, 2, 3]));
        Assert.Throws<InvalidDataException>(() => ModulePatcher.Patch(Module.ConvertText("(module (memory 1) (table 1 funcref) (global (mut i32) (i32.const 0)))")));
    }

    [Fact]
    public void AnImportTheHostDoesNotProvideIsNamed()
    {
        var engine = SandboxRuntime.Shared.EngineFor(metered: false);
        using var module = Module.FromText(engine.Engine, "extra", """
            (module
              (import "env" "mp_js_time_ms" (func (result f64)))
              (import "env" "not_provided_by_host" (func)))
            """);
        using var store = new Store(engine.Engine);
        var imports = module.Imports.OfType<FunctionImport>().Select(i => (i.ModuleName, i.Name));
        var missing = SandboxEngine.MissingImports(imports, engine.Linker, store);
        Assert.Equal(["env.not_provided_by_host"], missing);
    }

    [Fact]
    public void TheMergedShimCatchesLongjmpsAndRenumbersFunctions()
    {
        var wasm = Module.ConvertText("""
            (module
              (import "env" "invoke_vi" (func $invoke_vi (param i32 i32)))
              (import "env" "host" (func $host (param i32)))
              (import "env" "_emscripten_throw_longjmp" (func $throw))
              (memory 1)
              (table 2 funcref)
              (global $sp (mut i32) (i32.const 1000))
              (global $threw (mut i32) (i32.const 0))
              (elem (i32.const 0) $thrower $normal)
              (func $thrower (param i32) (global.set $sp (i32.const 5)) (call $throw))
              (func $normal (param i32) (call $host (local.get 0)))
              (func (export "setThrew") (param i32 i32) (global.set $threw (local.get 0)))
              (func (export "run") (param i32) (result i32)
                (global.set $threw (i32.const 0))
                (call $invoke_vi (local.get 0) (i32.const 7))
                (i32.add (i32.mul (global.get $threw) (i32.const 10000)) (global.get $sp))))
            """);
        var merged = LongjmpShim.Merge(wasm, stackPointerGlobal: 0);
        var engine = SandboxRuntime.Shared.EngineFor(metered: false);
        using var module = Module.FromBytes(engine.Engine, "merged", merged);
        Assert.Equal(["env.host"], module.Imports.Select(i => $"{i.ModuleName}.{i.Name}"));

        using var store = new Store(engine.Engine);
        store.SetEpochDeadline(ulong.MaxValue);
        int hostArgument = 0;
        var linker = new Linker(engine.Engine);
        linker.DefineFunction("env", "host", (int a) => { hostArgument = a; });
        var run = linker.Instantiate(store, module).GetFunction<int, int>("run")!;
        // Entry 0 moves the stack pointer and longjmps: the invoke restores it and reports the throw.
        Assert.Equal(11000, run(0));
        // Entry 1 returns normally through the renumbered host import.
        Assert.Equal(1000, run(1));
        Assert.Equal(7, hostArgument);
    }

    [Fact]
    public void ModuleCacheStoresReusesAndRepairs()
    {
        var engine = SandboxRuntime.Shared.EngineFor(metered: false);
        var directory = Path.Combine(Path.GetTempPath(), "mpsandbox-cache-" + Guid.NewGuid().ToString("N"));
        var wasm = Module.ConvertText("(module (func (export \"answer\") (result i32) (i32.const 42)))");
        try
        {
            using (var first = ModuleCache.Load(engine.Engine, "answer", wasm, "test", directory))
                Assert.Contains(first.Exports, e => e.Name == "answer");
            var file = Assert.Single(Directory.GetFiles(directory, "*.cwasm"));

            using (var second = ModuleCache.Load(engine.Engine, "answer", wasm, "test", directory))
                Assert.Equal(42, Call(engine, second));

            File.WriteAllBytes(file, [1, 2, 3, 4]);
            using (var repaired = ModuleCache.Load(engine.Engine, "answer", wasm, "test", directory))
                Assert.Equal(42, Call(engine, repaired));
            Assert.True(new FileInfo(file).Length > 4);

            // Another configuration is another entry.
            ModuleCache.Load(engine.Engine, "answer", wasm, "other", directory).Dispose();
            Assert.Equal(2, Directory.GetFiles(directory, "*.cwasm").Length);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ModuleCacheIsSafeWhenManyLoadAtOnce()
    {
        var engine = SandboxRuntime.Shared.EngineFor(metered: false);
        var directory = Path.Combine(Path.GetTempPath(), "mpsandbox-cache-" + Guid.NewGuid().ToString("N"));
        var wasm = Module.ConvertText("(module (func (export \"answer\") (result i32) (i32.const 7)))");
        try
        {
            var results = new int[8];
            Parallel.For(0, results.Length, i =>
            {
                using var module = ModuleCache.Load(engine.Engine, "race", wasm, "test", directory);
                results[i] = Call(engine, module);
            });
            Assert.All(results, r => Assert.Equal(7, r));
            Assert.Single(Directory.GetFiles(directory, "*.cwasm"));
            Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int Call(SandboxEngine engine, Module module)
    {
        using var store = new Store(engine.Engine);
        store.SetEpochDeadline(ulong.MaxValue);
        var instance = new Instance(store, module, []);
        return instance.GetFunction<int>("answer")!();
    }
}
