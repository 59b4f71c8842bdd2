using MicroPython.Sandbox.Abi;
using MicroPython.Sandbox.Engine;
using Wasmtime;

namespace MicroPython.Sandbox.Tests;

/// <summary>The host imports, registered through Wasmtime's C API with one shared entry point.</summary>
public class HostImportTests
{
    [Fact]
    public void EveryImportOfTheModuleIsDefinedWithItsExactType()
    {
        var patched = ModulePatcher.Patch(EngineFlavor.Standard.ReadBinary());
        using var module = Module.FromBytes(SandboxRuntime.Shared.EngineFor(metered: false).Engine, "check", patched.Wasm);
        var defined = HostImports.All.ToDictionary(s => (s.Module, s.Name), s => (s.Parameters, s.Results));

        var functions = module.Imports.OfType<FunctionImport>().ToList();
        Assert.NotEmpty(functions);
        foreach (var import in functions)
        {
            Assert.True(defined.TryGetValue((import.ModuleName, import.Name), out var signature), $"{import.ModuleName}.{import.Name} is not defined");
            Assert.Equal((Letters(import.Parameters), Letters(import.Results)), signature);
        }
    }

    [Fact]
    public void AHostImportThatFailsTrapsTheGuestAndTheHostGoesOn()
    {
        // A store that belongs to no sandbox: the import cannot find its interpreter, and the failure must come
        // back as a trap in the guest call, never as an exception unwinding through Wasmtime's native frames.
        var engine = SandboxRuntime.Shared.EngineFor(metered: false);
        using var module = Module.FromText(engine.Engine, "caller", """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
              (func (export "run") (result i32) (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 0))))
            """);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            using var store = new Store(engine.Engine);
            store.SetEpochDeadline(ulong.MaxValue); // the engine interrupts at once otherwise
            var run = engine.Linker.Instantiate(store, module).GetFunction<int>("run")!;
            var trap = Assert.ThrowsAny<WasmtimeException>(() => run());
            Assert.Contains("belongs to no sandbox", trap.Message);
        }
        Assert.Equal("2\n", PythonSandbox.Run("print(1+1)").Stdout);
    }

    private static string Letters(IEnumerable<ValueKind> kinds) => string.Concat(kinds.Select(k => k switch
    {
        ValueKind.Int32 => 'i',
        ValueKind.Int64 => 'I',
        ValueKind.Float32 => 'f',
        ValueKind.Float64 => 'd',
        _ => '?',
    }));
}
