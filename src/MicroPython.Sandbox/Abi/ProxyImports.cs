using MicroPython.Sandbox.Runtime;
using Wasmtime;

namespace MicroPython.Sandbox.Abi;

/// <summary>
/// The proxy imports behind MicroPython's <c>js</c> and <c>jsffi</c> modules. There is no JavaScript
/// here: the <c>js</c> namespace holds only <c>setTimeout</c>/<c>clearTimeout</c> (see <see cref="TimerQueue"/>)
/// and the line reader behind <c>input()</c> (see <see cref="StandardInput"/>)
/// and stores are dropped, so guest code cannot park data in
/// host memory through them. Lookups and calls on host references go to the interpreter's
/// <see cref="Bridge.HostBridge"/> (sessions); without one every lookup misses (so Python raises
/// AttributeError) and calls return <c>undefined</c>.
/// </summary>
internal static class ProxyImports
{
    // Value kinds the host writes into a 12-byte out slot (proxy_c.c, PROXY_KIND_JS_*).
    internal const int JsUndefined = 0, JsNull = 1, JsBoolean = 2, JsInteger = 3, JsDouble = 4, JsString = 5, JsObject = 7;

    /// <summary>proxy_js.js gives JavaScript's globalThis (the <c>js</c> module) reference 0.</summary>
    private const int GlobalRef = 0;

    public static void Define(Linker linker)
    {
        linker.DefineFunction("env", "lookup_attr", (Caller c, int jsref, int attr, int outp) => jsref == GlobalRef
            ? LookupGlobal(c, (uint)attr, (uint)outp)
            : Interpreter.Of(c).Bridge?.LookupAttr(jsref, (uint)attr, (uint)outp) ?? 0);
        linker.DefineFunction("env", "has_attr", (Caller c, int jsref, int attr) => 0);
        linker.DefineFunction("env", "store_attr", (Caller c, int jsref, int attr, int value) => { });
        linker.DefineFunction("env", "call0", (Caller c, int f, int outp) => Call(c, f, [], outp));
        // call1, call2 and calln return an i32 that the official glue leaves undefined (0).
        linker.DefineFunction("env", "call1", (Caller c, int f, int viaCall, int a0, int outp) => { Call(c, f, [(uint)a0], outp); return 0; });
        linker.DefineFunction("env", "call2", (Caller c, int f, int viaCall, int a0, int a1, int outp) => { Call(c, f, [(uint)a0, (uint)a1], outp); return 0; });
        linker.DefineFunction("env", "calln", (Caller c, int f, int viaCall, int n, int args, int outp) =>
        {
            if (n is < 0 or > 256) { Undefined(c, outp); return 0; }
            Span<uint> slots = stackalloc uint[n];
            for (int i = 0; i < n; i++) slots[i] = (uint)(args + 12 * i);
            Call(c, f, slots, outp);
            return 0;
        });
        // Keyword arguments never reach the host: the prelude's wrappers encode them.
        linker.DefineFunction("env", "call0_kwarg", (Caller c, int f, int viaCall, int nkw, int keys, int values, int outp) => Undefined(c, outp));
        linker.DefineFunction("env", "calln_kwarg", (Caller c, int f, int viaCall, int n, int args, int nkw, int keys, int values, int outp) => Undefined(c, outp));
        linker.DefineFunction("env", "js_reflect_construct", (Caller c, int f, int n, int args, int outp) => Undefined(c, outp));
        linker.DefineFunction("env", "js_subscr_load", (Caller c, int f, int index, int outp) => Undefined(c, outp));
        linker.DefineFunction("env", "js_subscr_store", (Caller c, int f, int index, int value) => { });
        linker.DefineFunction("env", "js_get_iter", (Caller c, int f, int outp) => Undefined(c, outp));
        linker.DefineFunction("env", "js_iter_next", (Caller c, int f, int outp) => 0);
        linker.DefineFunction("env", "proxy_js_free_obj", (Caller c, int jsref) => Interpreter.Of(c).Bridge?.FreeRef(jsref));
        linker.DefineFunction("env", "js_check_existing", (Caller c, int cref) => -1);
        linker.DefineFunction("env", "js_get_error_info", (Caller c, int jsref, int name, int message) =>
        {
            Undefined(c, name);
            Undefined(c, message);
        });
        linker.DefineFunction("env", "js_get_proxy_js_ref_info", (Caller c, int outp) =>
        {
            var memory = Interpreter.Of(c).Memory;
            memory.WriteInt32((uint)outp, 2);
            memory.WriteInt32((uint)outp + 4, 2);
        });
        // Round-trips through JavaScript (jsffi.to_js and friends): values come back as themselves.
        linker.DefineFunction("env", "proxy_convert_mp_to_js_then_js_to_mp_obj_jsside", (Caller c, int outp) => RoundTrip(c, (uint)outp));
        linker.DefineFunction("env", "proxy_convert_mp_to_js_then_js_to_js_then_js_to_mp_obj_jsside", (Caller c, int outp) => RoundTrip(c, (uint)outp));
        // Promises need a JavaScript event loop; there is none.
        linker.DefineFunction("env", "create_promise", (Caller c, int set, int outp) => Undefined(c, outp));
        linker.DefineFunction("env", "js_then_resolve", (Caller c, int value, int resolve) => { });
        linker.DefineFunction("env", "js_then_reject", (Caller c, int value, int reject) => { });
        linker.DefineFunction("env", "js_then_continue", (Caller c, int jsref, int resume, int resolve, int reject, int outp) => Undefined(c, outp));
    }

    /// <summary>Rewrites a Python value description (PROXY_KIND_MP_*) as the same value coming back from JavaScript.</summary>
    private static void RoundTrip(Caller c, uint outp)
    {
        var interp = Interpreter.Of(c);
        var memory = interp.Memory;
        int kind = memory.ReadInt32(outp);
        switch (kind)
        {
            case 1: case 2: case 3: case 4:
                return; // None, bool, int and float share their codes with null, boolean, integer and double
            case 5:
            {
                // The C side frees a string it receives, so hand it a copy rather than the Python object's bytes.
                uint length = memory.ReadUInt32(outp + 4);
                var source = memory.Span(memory.ReadUInt32(outp + 8), length).ToArray();
                uint copy = interp.Malloc(length + 1);
                source.CopyTo(memory.Span(copy, length));
                memory.WriteInt32(outp + 8, (int)copy);
                return;
            }
            case 6: case 7: case 8:
                memory.WriteInt32(outp, 8); // a Python object proxied back to itself
                return;
            default:
                Undefined(c, (int)outp);
                return;
        }
    }

    /// <summary>The <c>js</c> namespace (JavaScript's globalThis): only the timer functions exist.</summary>
    private static int LookupGlobal(Caller c, uint attr, uint outp)
    {
        var memory = Interpreter.Of(c).Memory;
        string name = memory.ReadCString(attr, 64);
        int reference = name == StandardInput.ReadLineName ? StandardInput.ReadLineRef : TimerQueue.Lookup(name);
        if (reference == 0) return 0;
        memory.Span(outp, 12).Clear();
        memory.WriteInt32(outp, JsObject);
        memory.WriteInt32(outp + 4, reference);
        return 2; // found, and a function
    }

    private static void Call(Caller c, int f, ReadOnlySpan<uint> slots, int outp)
    {
        var interp = Interpreter.Of(c);
        if (f is TimerQueue.SetTimeoutRef or TimerQueue.ClearTimeoutRef) interp.CallTimerFunction(f, slots, (uint)outp);
        else if (f == StandardInput.ReadLineRef) interp.ReadInputLine((uint)outp);
        else if (interp.Bridge is { } bridge) bridge.Call(f, slots, (uint)outp);
        else Undefined(c, outp);
    }

    private static void Undefined(Caller c, int outp)
    {
        var memory = Interpreter.Of(c).Memory;
        memory.Span((uint)outp, 12).Clear();
        memory.WriteInt32((uint)outp, JsUndefined);
    }
}
