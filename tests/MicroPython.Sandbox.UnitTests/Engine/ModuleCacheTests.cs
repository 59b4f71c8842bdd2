using MicroPython.Sandbox.Engine;
using Wasmtime;

namespace MicroPython.Sandbox.UnitTests;

/// <summary>The compiled-module cache on a small module: store, reuse, repair, separate configurations, concurrent loads.</summary>
public class ModuleCacheTests
{
    private static readonly Wasmtime.Engine Engine = new(new Config().WithExceptions(true));

    [Fact]
    public void ModuleCacheStoresReusesAndRepairs()
    {
        using var directory = new TempDirectory("mpsandbox-cache-");
        var wasm = Module.ConvertText("(module (func (export \"answer\") (result i32) (i32.const 42)))");
        using (var first = ModuleCache.Load(Engine, "answer", wasm, "test", directory.Path))
            Assert.Contains(first.Exports, e => e.Name == "answer");
        var file = Assert.Single(Directory.GetFiles(directory.Path, "*.cwasm"));

        using (var second = ModuleCache.Load(Engine, "answer", wasm, "test", directory.Path))
            Assert.Equal(42, Call(second));

        File.WriteAllBytes(file, [1, 2, 3, 4]);
        using (var repaired = ModuleCache.Load(Engine, "answer", wasm, "test", directory.Path))
            Assert.Equal(42, Call(repaired));
        Assert.True(new FileInfo(file).Length > 4);

        // Another configuration is another entry.
        ModuleCache.Load(Engine, "answer", wasm, "other", directory.Path).Dispose();
        Assert.Equal(2, Directory.GetFiles(directory.Path, "*.cwasm").Length);
    }

    [Fact]
    public void ModuleCacheIsSafeWhenManyLoadAtOnce()
    {
        using var directory = new TempDirectory("mpsandbox-cache-");
        var wasm = Module.ConvertText("(module (func (export \"answer\") (result i32) (i32.const 7)))");
        var results = new int[8];
        Parallel.For(0, results.Length, i =>
        {
            using var module = ModuleCache.Load(Engine, "race", wasm, "test", directory.Path);
            results[i] = Call(module);
        });
        Assert.All(results, r => Assert.Equal(7, r));
        Assert.Single(Directory.GetFiles(directory.Path, "*.cwasm"));
        Assert.Empty(Directory.GetFiles(directory.Path, "*.tmp"));
    }

    private static int Call(Module module)
    {
        using var store = new Store(Engine);
        store.SetEpochDeadline(ulong.MaxValue);
        var instance = new Instance(store, module, []);
        return instance.GetFunction<int>("answer")!();
    }
}
