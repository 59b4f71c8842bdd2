using MicroPython.Sandbox.Engine;
using Wasmtime;

namespace MicroPython.Sandbox.UnitTests;

/// <summary>The binary rewrite on small hand-written modules: what it refuses, and the setjmp/longjmp shim it merges in.</summary>
public class ModulePatcherTests
{
    /// <summary>An engine with the wasm features the rewritten module uses (the shim catches longjmps with an exception tag).</summary>
    private static readonly Wasmtime.Engine Engine = new(new Config().WithExceptions(true));

    [Fact]
    public void ABinaryOfAnotherShapeIsRefused()
    {
        Assert.Throws<InvalidDataException>(() => ModulePatcher.Patch([1, 2, 3]));
        Assert.Throws<InvalidDataException>(() => ModulePatcher.Patch(Module.ConvertText("(module (memory 1) (table 1 funcref) (global (mut i32) (i32.const 0)))")));
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
        using var module = Module.FromBytes(Engine, "merged", merged);
        Assert.Equal(["env.host"], module.Imports.Select(i => $"{i.ModuleName}.{i.Name}"));

        using var store = new Store(Engine);
        store.SetEpochDeadline(ulong.MaxValue);
        int hostArgument = 0;
        var linker = new Linker(Engine);
        linker.DefineFunction("env", "host", (int a) => { hostArgument = a; });
        var run = linker.Instantiate(store, module).GetFunction<int, int>("run")!;
        // Entry 0 moves the stack pointer and longjmps: the invoke restores it and reports the throw.
        Assert.Equal(11000, run(0));
        // Entry 1 returns normally through the renumbered host import.
        Assert.Equal(1000, run(1));
        Assert.Equal(7, hostArgument);
    }
}
