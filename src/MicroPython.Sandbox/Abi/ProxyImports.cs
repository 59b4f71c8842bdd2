using MicroPython.Sandbox.Abi.Proxy;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Abi;

/// <summary>
/// The proxy imports behind MicroPython's <c>js</c> and <c>jsffi</c> modules. There is no JavaScript
/// here: the <c>js</c> namespace holds only <c>setTimeout</c>/<c>clearTimeout</c> (see <see cref="TimerQueue"/>)
/// the line reader behind <c>input()</c> (see <see cref="StandardInput"/>) and the
/// network call (see <see cref="Network.GuestHttp"/>)
/// and stores are dropped, so guest code cannot park data in
/// host memory through them. Lookups and calls on host references go to the interpreter's
/// <see cref="Bridge.HostBridge"/> (sessions); without one every lookup misses (so Python raises
/// AttributeError) and calls return <c>undefined</c>. Value slots and reference numbers are in <see cref="Proxy"/>.
/// </summary>
internal static class ProxyImports
{
    public static void AddTo(HostImports.Registrar add)
    {
        add("env", "lookup_attr", "iii:i", (i, a) =>
        {
            int jsref = a.Int(0);
            uint attr = a.UInt(1), outp = a.UInt(2);
            a.Return(jsref == ProxyRefs.GlobalThis ? LookupGlobal(i, attr, outp) : i.Bridge?.LookupAttr(jsref, attr, outp) ?? AttrLookup.Missing);
        });
        add("env", "has_attr", "ii:i", (_, a) => a.Return(0));
        add("env", "store_attr", "iii:", (_, _) => { });
        add("env", "call0", "ii:", (i, a) => Call(i, a.Int(0), [], a.UInt(1)));
        // call1, call2 and calln return an i32 that the official glue leaves undefined (0).
        add("env", "call1", "iiii:i", (i, a) =>
        {
            Call(i, a.Int(0), [a.UInt(2)], a.UInt(3));
            a.Return(0);
        });
        add("env", "call2", "iiiii:i", (i, a) =>
        {
            Call(i, a.Int(0), [a.UInt(2), a.UInt(3)], a.UInt(4));
            a.Return(0);
        });
        add("env", "calln", "iiiii:i", (i, a) =>
        {
            int f = a.Int(0), n = a.Int(2);
            uint args = a.UInt(3), outp = a.UInt(4);
            if (n is < 0 or > 256) Undefined(i, outp);
            else
            {
                Span<uint> slots = stackalloc uint[n];
                for (int k = 0; k < n; k++) slots[k] = args + ValueSlot.Size * (uint)k;
                Call(i, f, slots, outp);
            }
            a.Return(0);
        });
        // Keyword arguments never reach the host: the prelude's wrappers encode them.
        add("env", "call0_kwarg", "iiiiii:", (i, a) => Undefined(i, a.UInt(5)));
        add("env", "calln_kwarg", "iiiiiiii:", (i, a) => Undefined(i, a.UInt(7)));
        add("env", "js_reflect_construct", "iiii:", (i, a) => Undefined(i, a.UInt(3)));
        add("env", "js_subscr_load", "iii:", (i, a) => Undefined(i, a.UInt(2)));
        add("env", "js_subscr_store", "iii:", (_, _) => { });
        add("env", "js_get_iter", "ii:", (i, a) => Undefined(i, a.UInt(1)));
        add("env", "js_iter_next", "ii:i", (_, a) => a.Return(0));
        add("env", "proxy_js_free_obj", "i:", (i, a) => i.Bridge?.FreeRef(a.Int(0)));
        add("env", "js_check_existing", "i:i", (_, a) => a.Return(-1));
        add("env", "js_get_error_info", "iii:", (i, a) =>
        {
            Undefined(i, a.UInt(1));
            Undefined(i, a.UInt(2));
        });
        add("env", "js_get_proxy_js_ref_info", "i:", (i, a) =>
        {
            // (references made, references alive): only MicroPython's two static ones, as the host keeps no JavaScript objects.
            uint outp = a.UInt(0);
            i.Memory.WriteInt32(outp, ProxyRefs.StaticCount);
            i.Memory.WriteInt32(outp + 4, ProxyRefs.StaticCount);
        });
        // Round-trips through JavaScript (jsffi.to_js and friends): values come back as themselves.
        add("env", "proxy_convert_mp_to_js_then_js_to_mp_obj_jsside", "i:", (i, a) => RoundTrip(i, a.UInt(0)));
        add("env", "proxy_convert_mp_to_js_then_js_to_js_then_js_to_mp_obj_jsside", "i:", (i, a) => RoundTrip(i, a.UInt(0)));
        // Promises need a JavaScript event loop; there is none.
        add("env", "create_promise", "ii:", (i, a) => Undefined(i, a.UInt(1)));
        add("env", "js_then_resolve", "ii:", (_, _) => { });
        add("env", "js_then_reject", "ii:", (_, _) => { });
        add("env", "js_then_continue", "iiiii:", (i, a) => Undefined(i, a.UInt(4)));
    }

    /// <summary>Rewrites a Python value description (<see cref="MpKind"/>) as the same value coming back from JavaScript (<see cref="JsKind"/>).</summary>
    private static void RoundTrip(Interpreter interp, uint outp)
    {
        var memory = interp.Memory;
        var slot = ValueSlot.At(memory, outp);
        switch (slot.MpKind)
        {
            case MpKind.None or MpKind.Bool or MpKind.Int or MpKind.Float:
                return; // None, bool, int and float share their codes with null, boolean, integer and double
            case MpKind.Str:
            {
                // The C side frees a string it receives, so hand it a copy rather than the Python object's bytes.
                uint length = slot.Length;
                var source = memory.Span(slot.Pointer, length).ToArray();
                uint copy = interp.Malloc(length + 1);
                source.CopyTo(memory.Span(copy, length));
                ValueSlot.At(memory, outp).SetPointer(copy);
                return;
            }
            case MpKind.Callable or MpKind.Generator or MpKind.Object:
                slot.SetKind(JsKind.PyProxy); // a Python object proxied back to itself
                return;
            default:
                Undefined(interp, outp);
                return;
        }
    }

    /// <summary>The <c>js</c> namespace (JavaScript's globalThis): only the timer functions exist.</summary>
    private static int LookupGlobal(Interpreter interp, uint attr, uint outp)
    {
        var memory = interp.Memory;
        string name = memory.ReadCString(attr, 64);
        int reference = name switch
        {
            StandardInput.ReadLineName => ProxyRefs.ReadLine,
            Network.GuestHttp.Name => ProxyRefs.Http,
            _ => TimerQueue.Lookup(name),
        };
        if (reference == 0) return AttrLookup.Missing;
        ValueSlot.At(memory, outp).WriteObject(reference);
        return AttrLookup.FoundFunction;
    }

    private static void Call(Interpreter interp, int f, ReadOnlySpan<uint> slots, uint outp)
    {
        if (f is ProxyRefs.SetTimeout or ProxyRefs.ClearTimeout) interp.Events.Call(f, slots, outp);
        else if (f == ProxyRefs.ReadLine) StandardInput.Answer(interp, outp);
        else if (f == ProxyRefs.Http) Network.GuestHttp.Answer(interp, slots, outp);
        else if (interp.Bridge is { } bridge) bridge.Call(f, slots, outp);
        else Undefined(interp, outp);
    }

    private static void Undefined(Interpreter interp, uint outp) => ValueSlot.At(interp.Memory, outp).WriteUndefined();
}
