using MicroPython.Sandbox.Engine;
using Wasmtime;

namespace MicroPython.Sandbox.Tests;

/// <summary>The engine layer on the real interpreter binary: the rewritten module and the host's import check.</summary>
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
}
