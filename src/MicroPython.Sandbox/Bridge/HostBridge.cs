using System.Buffers;
using System.Text;
using System.Text.Json;
using MicroPython.Sandbox.Abi.Proxy;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Bridge;

/// <summary>
/// The host side of a session's bridge, reached through MicroPython's own proxy imports (the
/// <c>js</c>/<c>jsffi</c> machinery). Python sees exactly one host object, the module
/// <see cref="Prelude.HostModule"/>, whose attributes are a fixed set of references: the prelude's
/// plumbing and one callable per registered function. Nothing else on the host has a reference, so
/// nothing else is reachable. Values come in as proxy slots (scalars) or tagged JSON strings, and go
/// back as slots or, when they are not scalars or the call failed, as a pending payload the prelude
/// fetches and decodes (raising the reported exception).
/// </summary>
internal sealed class HostBridge
{
    // Host references (proxy_js_ref indices) of the bridge; the numbering of all of them is in ProxyRefs.
    private const int CallRef = ProxyRefs.HostCall, FetchRef = ProxyRefs.HostFetch, ResultRef = ProxyRefs.HostResult,
        KeepRef = ProxyRefs.HostKeep, SourceRef = ProxyRefs.HostSource, FirstFunctionRef = ProxyRefs.FirstFunction;

    // MicroPython -> host value kinds (proxy_c.c PROXY_KIND_MP_*), as the ints read from a slot.
    private const int MpNull = (int)MpKind.Null, MpNone = (int)MpKind.None, MpBool = (int)MpKind.Bool, MpInt = (int)MpKind.Int,
        MpFloat = (int)MpKind.Float, MpStr = (int)MpKind.Str, MpCallable = (int)MpKind.Callable, MpGenerator = (int)MpKind.Generator,
        MpObject = (int)MpKind.Object;

    private readonly Interpreter _interpreter;
    private readonly IReadOnlyList<HostFunction> _functions;
    private readonly BridgeLimits _limits;
    private readonly SessionRuntime _owner;
    private readonly string _source;
    private bool[] _alive = new bool[FirstFunctionRef];
    private byte[]? _pending;
    private RunContext? _run;
    private int _calls;

    public HostBridge(Interpreter interpreter, IReadOnlyList<HostFunction> functions, BridgeLimits limits, SessionRuntime owner)
    {
        _interpreter = interpreter;
        _functions = functions;
        _limits = limits;
        _owner = owner;
        _source = Prelude.Source(limits.MaxDepth);
        _alive[ProxyRefs.GlobalThis] = true; // MicroPython makes its globalThis proxy at start-up
    }

    /// <summary>The callables the prelude handed over (proxy_c_ref indices), in <see cref="Prelude"/> order.</summary>
    public int[]? Kept { get; private set; }

    /// <summary>What the last <c>report</c> sent: the value's repr and its tagged JSON (null when it has no data form).</summary>
    public (string Repr, byte[]? Payload)? Reported { get; private set; }

    /// <summary>The session whose host function is running on this flow, for re-entrancy checks.</summary>
    public static readonly AsyncLocal<SessionRuntime?> ActiveOwner = new();

    public void BeginRun(RunContext run)
    {
        _run = run;
        _calls = 0;
        _pending = null;
        Reported = null;
    }

    public void EndRun()
    {
        _run = null;
        _pending = null;
    }

    /// <summary>Host state that rolls back with guest memory: which references have a live Python proxy.</summary>
    public object SaveState() => _alive.Clone();

    public void RestoreState(object state) => _alive = (bool[])((bool[])state).Clone();

    /// <summary>
    /// Takes over the state of a bridge whose guest memory this bridge's interpreter now holds (a restored or forked
    /// session): the prelude's callables and which references have a live Python proxy.
    /// </summary>
    public void Adopt(int[] kept, bool[] alive)
    {
        Kept = (int[])kept.Clone();
        _alive = alive.Length >= FirstFunctionRef ? (bool[])alive.Clone() : [.. alive, .. new bool[FirstFunctionRef - alive.Length]];
    }

    /// <summary>Which references have a live Python proxy (a copy).</summary>
    public bool[] AliveReferences() => (bool[])_alive.Clone();

    // ---- proxy imports ----

    /// <summary>Attribute lookup on a host reference: 1 found (value written to <paramref name="outp"/>), 0 missing.</summary>
    public int LookupAttr(int jsref, uint attrPointer, uint outp)
    {
        if (jsref != ProxyRefs.HostRoot) return AttrLookup.Missing;
        var memory = _interpreter.Memory;
        string attr = memory.ReadCString(attrPointer, 256);
        int target = attr switch
        {
            "call" => CallRef,
            "fetch" => FetchRef,
            "result" => ResultRef,
            "keep" => KeepRef,
            "source" => SourceRef,
            "undefined" => ProxyRefs.Undefined,
            _ when attr.Length > 1 && attr[0] == 'f' && int.TryParse(attr.AsSpan(1), out int id) && id >= 0 && id < _functions.Count && attr == "f" + id => FirstFunctionRef + id,
            _ => -1,
        };
        if (target < 0) return AttrLookup.Missing;
        if (target == ProxyRefs.Undefined) WriteKind(outp, JsKind.Undefined);
        else WriteObjectRef(outp, target);
        return AttrLookup.Found;
    }

    /// <summary>Records that Python holds a proxy for <paramref name="jsref"/> (made when the host registered it as a module).</summary>
    public void MarkAlive(int jsref)
    {
        if (jsref >= _alive.Length) Array.Resize(ref _alive, Math.Max(jsref + 1, _alive.Length * 2));
        _alive[jsref] = true;
    }

    public void FreeRef(int jsref)
    {
        if (jsref >= ProxyRefs.StaticCount && jsref < _alive.Length) _alive[jsref] = false;
    }

    /// <summary>Handles a call from Python to a host reference; failures become a pending Python exception.</summary>
    public void Call(int fref, ReadOnlySpan<uint> slots, uint outp)
    {
        List<int>? refs = null;
        try
        {
            switch (fref)
            {
                case CallRef: EncodedCall(slots, outp); break;
                case FetchRef: Fetch(outp); break;
                case ResultRef: Result(slots, outp); break;
                case KeepRef: Keep(slots, outp, ref refs); break;
                case SourceRef: WriteString(outp, Encoding.UTF8.GetBytes(_source)); break;
                case >= FirstFunctionRef when fref - FirstFunctionRef < _functions.Count:
                {
                    var fn = _functions[fref - FirstFunctionRef];
                    var args = new List<object?>(slots.Length);
                    foreach (uint slot in slots) args.Add(ReadSlot(slot, ref refs, fn));
                    Invoke(fn, args, null, outp);
                    break;
                }
                default:
                    Fail(outp, "TypeError", "", "object is not callable");
                    break;
            }
        }
        catch (BridgeException e)
        {
            Fail(outp, e.PythonType, e.DotnetType ?? "", e.Message);
        }
        finally
        {
            if (refs is not null) foreach (int r in refs) _interpreter.FreePythonRef(r);
        }
    }

    // ---- calls ----

    private void EncodedCall(ReadOnlySpan<uint> slots, uint outp)
    {
        if (slots.Length != 1 || _interpreter.Memory.ReadInt32(slots[0]) != MpStr) throw new BridgeException("TypeError", "bad host call");
        var payload = ReadStrBytes(slots[0], null);
        object? decoded;
        try
        {
            decoded = ValueCodec.Decode(payload, _limits.MaxDepth + 2, out _);
        }
        catch (JsonException e)
        {
            throw new BridgeException("ValueError", $"host call arguments could not be read: {e.Message}");
        }
        if (decoded is not List<object?> { Count: 3 } call || call[0] is not long id || id < 0 || id >= _functions.Count
            || call[1] is not object?[] positional || call[2] is not Dictionary<string, object?> keywords)
            throw new BridgeException("TypeError", "bad host call");
        Invoke(_functions[(int)id], positional, keywords.ToList(), outp);
    }

    private void Invoke(HostFunction fn, IReadOnlyList<object?> positional, IReadOnlyList<KeyValuePair<string, object?>>? keywords, uint outp)
    {
        var run = _run ?? throw new BridgeException("RuntimeError", "host functions can only be called during a run");
        if (_limits.MaxHostCalls is { } max && ++_calls > max)
            throw new BridgeException("RuntimeError", $"host call limit reached: at most {max} calls per run");
        object? result;
        try
        {
            // Output printed before the call reaches its stream before anything the function writes.
            run.FlushOutput();
            var arguments = fn.Bind(positional, keywords, _owner.Converter, run.HostCancellation);
            var previous = ActiveOwner.Value;
            // Set before the call leaves this thread: the flow (and so the re-entrancy check) goes with it.
            ActiveOwner.Value = _owner;
            try
            {
                if (fn.IsAsync)
                {
                    // Started here (its synchronous part is short by contract) and awaited within the run's limits.
                    result = Await(fn, (Task)fn.Invoke(arguments)!, run);
                }
                else if (_limits.HostFunctionsInline)
                {
                    result = fn.Invoke(arguments);
                }
                else
                {
                    // Off the guest's thread when the run has a limit: a function that blocks is abandoned at the
                    // deadline (its token cancelled, its late result dropped) and the run stops on time.
                    result = run.WaitForHost(() => fn.Invoke(arguments));
                }
            }
            finally
            {
                ActiveOwner.Value = previous;
            }
        }
        catch (Exception e) when (e is not (BridgeException or StopRunException))
        {
            while (e is AggregateException { InnerException: { } inner }) e = inner;
            throw new BridgeException("HostError", e.Message, e.GetType().Name);
        }
        WriteResult(fn, result, outp);
    }

    /// <summary>Blocks the guest until an async host function finishes, within the run's deadline and cancellation.</summary>
    private static object? Await(HostFunction fn, Task task, RunContext run)
    {
        run.WaitForHost(task);
        return fn.TaskResult(task);
    }

    private void WriteResult(HostFunction fn, object? result, uint outp)
    {
        var memory = _interpreter.Memory;
        switch (result)
        {
            case null:
                WriteKind(outp, JsKind.Null);
                return;
            case bool b:
                ValueSlot.At(memory, outp).WriteBoolean(b);
                return;
            case int or short or sbyte or byte or ushort:
                ValueSlot.At(memory, outp).WriteInteger(Convert.ToInt32(result, System.Globalization.CultureInfo.InvariantCulture));
                return;
            case long l when l is >= int.MinValue and <= int.MaxValue:
                ValueSlot.At(memory, outp).WriteInteger((int)l);
                return;
            case double or float:
                ValueSlot.At(memory, outp).WriteDouble(Convert.ToDouble(result, System.Globalization.CultureInfo.InvariantCulture));
                return;
            case string s when Encoding.UTF8.GetMaxByteCount(s.Length) <= _limits.MaxValueBytes && !HasLoneSurrogate(s):
                WriteString(outp, Encoding.UTF8.GetBytes(s));
                return;
        }
        byte[] payload;
        try
        {
            payload = ValueCodec.EncodePayload(result, _limits.MaxDepth, _limits.MaxValueBytes, _owner.Converter);
        }
        catch (BridgeException e)
        {
            throw new BridgeException(e.PythonType, $"return value of {fn.Name}(): {e.Message}");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or JsonException)
        {
            throw new BridgeException("TypeError", $"return value of {fn.Name}(): {e.Message}");
        }
        if (payload.Length - 1 > _limits.MaxValueBytes)
            throw new BridgeException("ValueError", $"return value of {fn.Name}() is {payload.Length - 1} bytes; the limit is {_limits.MaxValueBytes}");
        _pending = payload;
        WriteKind(outp, JsKind.Undefined);
    }

    private static bool HasLoneSurrogate(string s) => s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0 && !IsWellFormed(s);

    private static bool IsWellFormed(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }

    private void Fetch(uint outp)
    {
        var payload = _pending ?? Encoding.UTF8.GetBytes("e[\"RuntimeError\",\"\",\"no pending host result\"]");
        _pending = null;
        WriteString(outp, payload);
    }

    private void Fail(uint outp, string pythonType, string dotnetType, string message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        buffer.Write("e"u8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(pythonType);
            writer.WriteStringValue(dotnetType);
            writer.WriteStringValue(message);
            writer.WriteEndArray();
        }
        _pending = buffer.WrittenSpan.ToArray();
        WriteKind(outp, JsKind.Undefined);
    }

    private void Result(ReadOnlySpan<uint> slots, uint outp)
    {
        var memory = _interpreter.Memory;
        if (slots.Length == 2 && memory.ReadInt32(slots[0]) == MpStr)
        {
            string repr = Encoding.UTF8.GetString(ReadStrBytes(slots[0], _limits.MaxValueBytes, truncate: true));
            byte[]? payload = null;
            if (memory.ReadInt32(slots[1]) == MpStr)
            {
                var bytes = ReadStrBytes(slots[1], _limits.MaxValueBytes, allowOversize: true);
                payload = bytes.IsEmpty ? null : bytes.ToArray();
            }
            Reported = (repr, payload);
        }
        WriteKind(outp, JsKind.Null);
    }

    private void Keep(ReadOnlySpan<uint> slots, uint outp, ref List<int>? refs)
    {
        var memory = _interpreter.Memory;
        var kept = new int[slots.Length];
        for (int i = 0; i < slots.Length; i++)
        {
            int kind = memory.ReadInt32(slots[i]);
            if (kind is not (MpCallable or MpObject or MpGenerator)) throw new BridgeException("TypeError", "keep() takes callables");
            kept[i] = memory.ReadInt32(slots[i] + 4);
        }
        // Only the first hand-over counts; later calls (guest code playing with the module) are dropped.
        if (Kept is null) Kept = kept;
        else (refs ??= []).AddRange(kept);
        WriteKind(outp, JsKind.Null);
    }

    // ---- slots ----

    private object? ReadSlot(uint slot, ref List<int>? refs, HostFunction fn)
    {
        var memory = _interpreter.Memory;
        int kind = memory.ReadInt32(slot);
        switch (kind)
        {
            case MpNull or MpNone: return null;
            case MpBool: return memory.ReadInt32(slot + 4) != 0;
            case MpInt: return (long)memory.ReadInt32(slot + 4);
            case MpFloat: return memory.ReadDouble(slot + 4);
            case MpStr: return Encoding.UTF8.GetString(ReadStrBytes(slot, null, fnName: fn.Name));
            case MpCallable or MpGenerator or MpObject:
                (refs ??= []).Add(memory.ReadInt32(slot + 4));
                return new Unconvertible(kind == MpCallable ? "function" : "object");
            default:
                return new Unconvertible("JsProxy");
        }
    }

    private ReadOnlySpan<byte> ReadStrBytes(uint slot, int? cap, bool truncate = false, bool allowOversize = false, string? fnName = null)
    {
        var memory = _interpreter.Memory;
        uint length = memory.ReadUInt32(slot + 4);
        uint pointer = memory.ReadUInt32(slot + 8);
        int limit = cap ?? _limits.MaxValueBytes;
        if (length > limit)
        {
            if (truncate) length = (uint)limit;
            else if (allowOversize) return [];
            else throw new BridgeException("ValueError", $"arguments to {fnName ?? "a host function"} are {length} bytes; the limit is {limit}");
        }
        return memory.Span(pointer, length);
    }

    private void WriteKind(uint outp, JsKind kind) => ValueSlot.At(_interpreter.Memory, outp).Write(kind);

    private void WriteObjectRef(uint outp, int target)
    {
        if (target >= _alive.Length) Array.Resize(ref _alive, Math.Max(target + 1, _alive.Length * 2));
        ValueSlot.At(_interpreter.Memory, outp).WriteObject(target, existing: _alive[target]);
        _alive[target] = true;
    }

    private void WriteString(uint outp, ReadOnlySpan<byte> utf8)
    {
        const string Message = "The sandbox ran out of memory for a host value.";
        if (!_interpreter.TryWriteString(outp, utf8)) throw _run?.Stop(StopReason.GuestFault, Message) ?? new StopRunException(StopReason.GuestFault, Message);
    }
}

/// <summary>Caps on what crosses the bridge.</summary>
/// <param name="MaxValueBytes">Bytes of encoded values per call and direction.</param>
/// <param name="MaxDepth">Nesting depth of containers.</param>
/// <param name="MaxHostCalls">Host calls per run; null for no limit.</param>
/// <param name="HostFunctionsInline">Whether synchronous host functions run on the guest's thread (see <see cref="SandboxOptions.RunHostFunctionsInline"/>).</param>
internal sealed record BridgeLimits(int MaxValueBytes, int MaxDepth, int? MaxHostCalls, bool HostFunctionsInline);
