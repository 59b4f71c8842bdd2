using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Abi;

/// <summary>The Emscripten runtime imports: heap growth, clocks, randomness and abort.</summary>
internal static class EmscriptenImports
{
    public static void AddTo(HostImports.Registrar add)
    {
        add("env", "emscripten_resize_heap", "i:i", (i, a) => a.Return(i.GrowMemory(a.UInt(0)) ? 1 : 0));
        add("env", "mp_js_ticks_ms", ":i", (i, a) => a.Return(i.TicksMs()));
        add("env", "mp_js_time_ms", ":d", (_, a) => a.Return((double)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        add("env", "mp_js_random_u32", ":i", (_, a) => a.Return(Random.Shared.Next(int.MinValue, int.MaxValue)));
        add("env", "_abort_js", ":", (i, _) =>
            throw i.CurrentRun?.Stop(StopReason.GuestFault, "The interpreter aborted.")
                ?? new StopRunException(StopReason.GuestFault, "The interpreter aborted."));
    }
}
