using MicroPython.Sandbox.Engine;
using Wasmtime;

namespace MicroPython.Sandbox.UnitTests;

/// <summary>The big-int digit limit patch refuses a binary it cannot find its targets in, rather than guessing.</summary>
public class IntStringPatcherTests
{
    [Fact]
    public void AModuleWithoutTheConversionFunctionIsRefused()
    {
        var wasm = Module.ConvertText("""
            (module
              (import "env" "f" (func))
              (memory 1)
              (global (mut i32) (i32.const 0))
              (data (i32.const 16) "\00too many values to unpack (expected %d)\00")
              (func (param i32 i32 i32 i32 i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1))))
            """);
        var error = Assert.Throws<InvalidDataException>(() => IntStringPatcher.Patch(wasm));
        Assert.Contains("mpz-to-string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AModuleWithoutTheAnchorMessageIsRefused()
    {
        var wasm = Module.ConvertText("(module (import \"env\" \"f\" (func)) (memory 1) (global (mut i32) (i32.const 0)) (data (i32.const 16) \"other\") (func))");
        var error = Assert.Throws<InvalidDataException>(() => IntStringPatcher.Patch(wasm));
        Assert.Contains("anchor message", error.Message, StringComparison.Ordinal);
    }
}
