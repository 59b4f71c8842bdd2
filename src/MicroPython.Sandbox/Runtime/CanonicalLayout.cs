using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using MicroPython.Sandbox.Engine;

namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// Where, in an interpreter's static data, MicroPython keeps state that depends on the runs it made rather than on
/// the session's state, and that can be cleared at no cost to the guest (see <see cref="Interpreter.Canonicalize"/>):
/// the map lookup cache, the Python stack, the C allocator's free memory and Emscripten's scratch global. The binary has no symbols, so both are found by shape, once per
/// engine, and each is used only when every check passes; otherwise it is left alone (snapshots are then only less
/// canonical, never wrong).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The map lookup cache (<c>mp_state_vm.map_lookup_cache</c>, <c>MICROPY_OPT_MAP_LOOKUP_CACHE</c>): 128 bytes,
/// each a guess of where in some dict a key was last found. <c>mp_map_lookup</c> checks every guess against the
/// dict before using it, so zero is as good as any. Found in the code: <c>mp_map_lookup</c> indexes it as
/// <c>cache[(map &gt;&gt; 2) &amp; 127]</c>, one load and at least one store at the same address, and the address must be the
/// 128 bytes just before the first heap area's descriptor (the cache is the last field of <c>mp_state_vm</c>, and
/// <c>mp_state_mem</c>, which starts with that descriptor, follows it).</item>
/// <item>The Python stack (<c>pystack_start</c>, <c>pystack_end</c>, <c>pystack_cur</c> in <c>mp_state_thread</c>):
/// frames are bump-allocated from start to cur, and what lies between cur and end is left over from returned calls.
/// Found in data: the only three consecutive words where end - start is the stack size the interpreter was started
/// with and start &lt;= cur &lt;= end.</item>
/// </list>
/// </remarks>
internal sealed class CanonicalLayout
{
    public const int LookupCacheBytes = 128;

    private static readonly ConditionalWeakTable<SandboxEngine, CanonicalLayout> Layouts = new();

    /// <summary>Address of the map lookup cache, or -1 when it was not found for certain.</summary>
    public long LookupCache { get; private init; } = -1;

    /// <summary>Address of the three Python stack words, or -1 when they were not found for certain.</summary>
    public long PyStack { get; private init; } = -1;

    /// <summary>Address of the C allocator's state (see <see cref="CHeap"/>), or -1 when it was not found for certain.</summary>
    public long CAllocator { get; private init; } = -1;

    /// <summary>
    /// Positions in <see cref="SandboxEngine.MutableGlobals"/> of scratch globals: Emscripten's <c>tempRet0</c>, which
    /// carries a value (the high half of a 64-bit result, the value of a longjmp) from the function that sets it to
    /// the caller that reads it next, and holds the last one at rest.
    /// </summary>
    public IReadOnlyList<int> ScratchGlobals { get; private init; } = [];

    /// <summary>
    /// The layout of <paramref name="engine"/>'s interpreters, found on first use in <paramref name="memory"/> of an
    /// interpreter whose Python stack is <paramref name="pyStackBytes"/> long. The addresses are static data, the same
    /// for every stack size, so one search serves all of the engine's interpreters.
    /// </summary>
    public static unsafe CanonicalLayout For(SandboxEngine engine, byte* memory, long length, uint pyStackBytes)
    {
        if (Layouts.TryGetValue(engine, out var known)) return known;
        if (engine.HeapAreaOffset == SandboxEngine.HeapAreaUnknown) engine.HeapAreaOffset = GcHeap.FindFirstArea(memory, length);
        long area = engine.HeapAreaOffset;
        // Searched only below the garbage-collected heap (whose first area's table starts after static data and the C
        // allocator's first blocks), so nothing a guest stores can look like the words searched for.
        long searchEnd = area >= 0 ? Math.Min(*(uint*)(memory + area + 4), length) : 0;
        var layout = new CanonicalLayout
        {
            LookupCache = area >= LookupCacheBytes && FindLookupCache(engine.PatchedWasm) is { } cache && cache == area - LookupCacheBytes ? cache : -1,
            PyStack = FindPyStack(memory, searchEnd, pyStackBytes),
            CAllocator = CHeap.FindState(memory, length, searchEnd),
            ScratchGlobals = FindScratchGlobals(engine.PatchedWasm, engine.MutableGlobals),
        };
        return Layouts.GetValue(engine, _ => layout);
    }

    /// <summary>Where the three Python stack words are in static data (searched below <paramref name="searchEnd"/>), or -1 when not exactly once.</summary>
    internal static unsafe long FindPyStack(byte* memory, long searchEnd, uint size)
    {
        long length = searchEnd, found = -1, end = searchEnd - 12;
        for (long at = 0; at <= end; at += 4)
        {
            uint start = *(uint*)(memory + at), stop = *(uint*)(memory + at + 4), cur = *(uint*)(memory + at + 8);
            if (start == 0 || start % 4 != 0 || stop - start != size || stop > length || cur < start || cur > stop) continue;
            if (found >= 0) return -1;
            found = at;
        }
        return found;
    }

    /// <summary>
    /// The address <c>mp_map_lookup</c> reads its cache at, from the code: <c>(x &gt;&gt; 2) &amp; 127</c> added to a constant base
    /// and loaded as a byte with a constant offset (or with the whole address as the offset); null unless exactly one
    /// address is read that way and the same address is also stored to.
    /// </summary>
    internal static long? FindLookupCache(ReadOnlySpan<byte> wasm)
    {
        if (!TryCodeSection(wasm, out var code)) return null;
        // local.get n, i32.const 2, i32.shr_u, i32.const 127, i32.and
        ReadOnlySpan<byte> index = [0x41, 0x02, 0x76, 0x41, 0xFF, 0x00, 0x71];
        long? loaded = null;
        bool stored = false;
        for (int at = code.IndexOf(index); at >= 0;)
        {
            int after = at + index.Length;
            long? address = null;
            // Base folded into the access: i32.load8_u / i32.store8 ... offset=address.
            if (after + 2 < code.Length && code[after] is 0x2D && code[after + 1] == 0 && TryLeb(code, after + 2, out uint offset, out _))
                address = offset;
            // Base as a constant before the index: i32.const base, local.get n, <index>, i32.add, i32.load8_u offset=k.
            else if (after + 3 < code.Length && code[after] == 0x6A && code[after + 1] is 0x2D && code[after + 2] == 0
                && TryLeb(code, after + 3, out uint k, out _) && TryConstBefore(code, at, out uint constBase))
                address = (long)constBase + k;
            // Base as a constant after the index (the build's binaryen pass reorders it): <index>, i32.const base,
            // i32.add, i32.load8_u offset=k.
            else if (TryConstAfter(code, after, out uint baseAfter, out int add) && add + 3 < code.Length && code[add] is 0x2D
                && code[add + 1] == 0 && TryLeb(code, add + 2, out uint k2, out _))
                address = (long)baseAfter + k2;
            if (address is { } a)
            {
                if (loaded is { } l && l != a) return null;
                loaded = a;
            }
            int next = code[(at + 1)..].IndexOf(index);
            at = next < 0 ? -1 : at + 1 + next;
        }
        if (loaded is not { } cache) return null;
        // The store: the same index and base, then i32.store8 at the same address (the value is computed in between).
        for (int at = code.IndexOf(index); at >= 0 && !stored;)
        {
            for (int i = at + index.Length; i < Math.Min(code.Length - 3, at + index.Length + 24); i++)
            {
                if (code[i] != 0x3A || code[i + 1] != 0 || !TryLeb(code, i + 2, out uint offset, out _)) continue;
                if (offset == cache || code[at + index.Length] == 0x6A && TryConstBefore(code, at, out uint constBase) && constBase + (long)offset == cache
                    || TryConstAfter(code, at + index.Length, out uint baseAfter, out _) && baseAfter + (long)offset == cache) stored = true;
                break;
            }
            int next = code[(at + 1)..].IndexOf(index);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return stored ? cache : null;
    }

    /// <summary>
    /// <c>i32.const base, i32.add</c> at <paramref name="at"/> (a non-negative base): the base, and where the code after
    /// the add starts.
    /// </summary>
    private static bool TryConstAfter(ReadOnlySpan<byte> code, int at, out uint constBase, out int afterAdd)
    {
        constBase = 0;
        afterAdd = -1;
        if (at >= code.Length || code[at] != 0x41 || !TryLeb(code, at + 1, out constBase, out int used)) return false;
        // A signed LEB whose last byte has its sign bit set is negative: not an address.
        if ((code[at + used] & 0x40) != 0 || at + 1 + used >= code.Length || code[at + 1 + used] != 0x6A) return false;
        afterAdd = at + 2 + used;
        return true;
    }

    /// <summary>
    /// The mutable globals (positions in <paramref name="mutableGlobals"/>) that exactly two functions use, one whose
    /// whole body is <c>global.set g (local.get 0)</c> and one whose whole body is <c>global.get g</c>: the shape of
    /// Emscripten's <c>setTempRet0</c> and <c>getTempRet0</c>. Global 0, the stack pointer, is never one.
    /// </summary>
    internal static List<int> FindScratchGlobals(ReadOnlySpan<byte> wasm, IReadOnlyList<uint> mutableGlobals)
    {
        var found = new List<int>();
        if (!TryCodeSection(wasm, out var code) || !TryLeb(code, 0, out uint count, out int at)) return found;
        var bodies = new List<(int Start, int Length)>();
        for (uint i = 0; i < count; i++)
        {
            if (!TryLeb(code, at, out uint size, out int used) || size > code.Length - at - used) return found;
            bodies.Add((at + used, (int)size));
            at += used + (int)size;
        }
        for (int position = 0; position < mutableGlobals.Count; position++)
        {
            uint global = mutableGlobals[position];
            if (global == 0) continue;
            int users = 0, setters = 0, getters = 0;
            foreach (var (start, length) in bodies)
            {
                var body = code.Slice(start, length);
                if (!References(body, 0x23, global) && !References(body, 0x24, global)) continue;
                users++;
                if (IsWhole(body, [0x20, 0x00, 0x24], global)) setters++;
                else if (IsWhole(body, [0x23], global)) getters++;
            }
            if (users == 2 && setters == 1 && getters == 1) found.Add(position);
        }
        return found;

        // Any LEB width: linkers pad indices to five bytes, optimizers write them short.
        static bool References(ReadOnlySpan<byte> body, byte opcode, uint index)
        {
            Span<byte> pattern = stackalloc byte[6];
            for (int width = 1; width <= 5; width++)
            {
                if (!Leb(index, width, pattern[1..])) continue;
                pattern[0] = opcode;
                if (body.IndexOf(pattern[..(width + 1)]) >= 0) return true;
            }
            return false;
        }

        // No locals, the instructions, the index, end.
        static bool IsWhole(ReadOnlySpan<byte> body, ReadOnlySpan<byte> instructions, uint index)
        {
            if (body.Length < 3 || body[0] != 0 || body[^1] != 0x0B || !body[1..].StartsWith(instructions)) return false;
            var rest = body[(1 + instructions.Length)..^1];
            return TryLeb(rest, 0, out uint value, out int used) && used == rest.Length && value == index;
        }

        static bool Leb(uint value, int width, Span<byte> into)
        {
            for (int i = 0; i < width; i++)
            {
                into[i] = (byte)((value & 0x7Fu) | (i < width - 1 ? 0x80u : 0u));
                value >>= 7;
            }
            return value == 0;
        }
    }

    /// <summary>An <c>i32.const</c> (any LEB length, as linkers pad them) followed by one <c>local.get</c> just before <paramref name="at"/>.</summary>
    private static bool TryConstBefore(ReadOnlySpan<byte> code, int at, out uint value)
    {
        value = 0;
        // local.get with a one-byte index.
        if (at < 2 || code[at - 2] != 0x20 || code[at - 1] >= 0x80) return false;
        for (int width = 1; width <= 5; width++)
        {
            int start = at - 2 - width - 1;
            if (start < 0 || code[start] != 0x41) continue;
            if (TryLeb(code, start + 1, out uint v, out int used) && used == width && v < 1u << 31)
            {
                value = v;
                return true;
            }
        }
        return false;
    }

    private static bool TryLeb(ReadOnlySpan<byte> bytes, int at, out uint value, out int used)
    {
        value = 0;
        used = 0;
        for (int shift = 0; shift < 35 && at + used < bytes.Length; shift += 7)
        {
            byte b = bytes[at + used++];
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return true;
        }
        return false;
    }

    private static bool TryCodeSection(ReadOnlySpan<byte> wasm, out ReadOnlySpan<byte> code)
    {
        code = default;
        if (wasm.Length < 8 || BinaryPrimitives.ReadUInt32LittleEndian(wasm) != 0x6D736100) return false;
        for (int at = 8; at < wasm.Length;)
        {
            byte id = wasm[at];
            if (!TryLeb(wasm, at + 1, out uint size, out int used)) return false;
            int start = at + 1 + used;
            if (size > wasm.Length - start) return false;
            if (id == 10)
            {
                code = wasm.Slice(start, (int)size);
                return true;
            }
            at = start + (int)size;
        }
        return false;
    }
}
