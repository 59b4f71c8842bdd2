using MicroPython.Sandbox.Runtime;
using Wasmtime;

namespace MicroPython.Sandbox.Abi;

/// <summary>The Emscripten runtime imports: heap growth, clocks, randomness and abort.</summary>
internal static class EmscriptenImports
{
    public static void Define(Linker linker)
    {
        linker.DefineFunction("env", "emscripten_resize_heap", (Caller c, int requested) => Interpreter.Of(c).GrowMemory((uint)requested) ? 1 : 0);
        linker.DefineFunction("env", "mp_js_ticks_ms", (Caller c) => Interpreter.Of(c).TicksMs());
        linker.DefineFunction("env", "mp_js_time_ms", (Caller _) => (double)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        linker.DefineFunction("env", "mp_js_random_u32", (Caller _) => Random.Shared.Next(int.MinValue, int.MaxValue));
        linker.DefineFunction("env", "_abort_js", (Caller c) =>
        {
            throw Interpreter.Of(c).CurrentRun?.Stop(StopReason.GuestFault, "The interpreter aborted.")
                ?? new StopRunException(StopReason.GuestFault, "The interpreter aborted.");
        });
    }
}
