using System.Text;

namespace MicroPython.Sandbox.Engine;

/// <summary>
/// Limits decimal conversion of big integers to <see cref="MaxDigits"/> digits, as CPython's
/// <c>int_max_str_digits</c> does: MicroPython converts an mpz to decimal in quadratic time
/// (<c>str(10**100000)</c> took 17 s), so <c>str</c>, <c>repr</c>, <c>print</c>, f-strings, <c>format</c> and
/// <c>'%d'</c> of a longer int raise <c>ValueError</c> at once instead of burning the run's time limit.
/// </summary>
/// <remarks>
/// <para>
/// Every one of those paths ends in <c>mpz_as_str_inpl(i, base, prefix, base_char, comma, str)</c>. The patch adds a
/// guard in front of its body, for base 10 only (hex, octal and binary stay unlimited, as in CPython):
/// an int whose 16-bit digit count proves it has at most <see cref="MaxDigits"/> decimal digits converts as before
/// (ordinary ints pay one comparison); one that proves more raises before converting; in the narrow band between,
/// the guard converts (cheap at that size, through a call to itself that a flag global lets pass) and counts the
/// digits written, so the limit is exact: 4300 digits print, 4301 do not.
/// </para>
/// <para>
/// The exception is raised with the interpreter's own <c>mp_raise_msg_varg(&amp;mp_type_ValueError, fmt, ...)</c>,
/// with the format string and its argument written to the C stack (the longjmp that delivers the exception restores the
/// stack pointer, and the message is formatted into the heap before it). Nothing is found by address: the conversion
/// function by its signature and instruction shape, the raise function and the ValueError type from the one call that
/// raises "too many values to unpack (expected %d)", each required to match exactly once, or the patch refuses the
/// binary.
/// </para>
/// </remarks>
internal static class IntStringPatcher
{
    /// <summary>CPython's default <c>sys.get_int_max_str_digits()</c>.</summary>
    public const int MaxDigits = 4300;

    /// <summary>The start of the message; CPython's ValueError starts the same way.</summary>
    public const string MessagePrefix = "Exceeds the limit (";

    private const string Format = MessagePrefix + "%d digits) for integer string conversion";

    // A ValueError raised with one %d through mp_raise_msg_varg, used to find that function and the type.
    private static ReadOnlySpan<byte> AnchorMessage => "\0too many values to unpack (expected %d)\0"u8;

    private const byte I32 = 0x7F;

    public static byte[] Patch(ReadOnlySpan<byte> wasm)
    {
        var sections = WasmSections.Read(wasm);
        var types = WasmFunctionType.ReadAll(WasmSections.Content(wasm, sections, 1, required: true));

        var imports = new WasmCursor(WasmSections.Content(wasm, sections, 2, required: true));
        uint importCount = imports.ReadU32(), functionImports = 0;
        var importTypes = new List<uint>();
        for (uint i = 0; i < importCount; i++)
        {
            imports.ReadName();
            imports.ReadName();
            switch (imports.ReadByte())
            {
                case 0x00: importTypes.Add(imports.ReadU32()); functionImports++; break;
                case 0x01: imports.ReadByte(); imports.ReadLimits(); break;
                case 0x02: imports.ReadLimits(); break;
                case 0x03: imports.ReadByte(); imports.ReadByte(); break;
                default: throw new InvalidDataException("Unsupported import kind in the interpreter module.");
            }
        }

        var functions = new WasmCursor(WasmSections.Content(wasm, sections, 3, required: true));
        uint definedCount = functions.ReadU32();
        var functionTypes = new List<uint>(importTypes);
        for (uint i = 0; i < definedCount; i++) functionTypes.Add(functions.ReadU32());

        var globals = new WasmCursor(WasmSections.Content(wasm, sections, 6, required: true));
        uint flagGlobal = globals.ReadU32();

        uint anchor = FindData(WasmSections.Content(wasm, sections, 11, required: true), AnchorMessage);

        // Bodies: the conversion function, and the call that raises the anchor message.
        var code = new WasmCursor(WasmSections.Content(wasm, sections, 10, required: true));
        uint bodyCount = code.ReadU32();
        if (bodyCount != definedCount) throw new InvalidDataException("The interpreter module's function and code sections disagree.");
        int target = -1, targets = 0;
        (uint Type, uint Raise)? raiseSite = null;
        int raiseSites = 0;
        var bodies = new List<(int Start, int Length)>((int)bodyCount);
        for (int i = 0; i < bodyCount; i++)
        {
            int length = (int)code.ReadU32();
            int start = code.Position;
            var body = code.ReadBytes(length);
            bodies.Add((start, length));
            if (IsConversion(types[(int)functionTypes[(int)functionImports + i]], body))
            {
                target = i;
                targets++;
            }
            foreach (var site in RaiseSites(body, anchor))
            {
                raiseSite = site;
                raiseSites++;
            }
        }
        if (targets != 1) throw new InvalidDataException($"Expected one mpz-to-string function, found {targets}; the interpreter build is not the expected one.");
        if (raiseSites != 1 || raiseSite is not { } found) throw new InvalidDataException($"Expected one ValueError raise of the unpack message, found {raiseSites}; the interpreter build is not the expected one.");
        if (found.Raise >= functionTypes.Count || types[(int)functionTypes[(int)found.Raise]] is not { Params: [I32, I32, I32], Results: [] })
            throw new InvalidDataException("The function raising the unpack message is not mp_raise_msg_varg(type, fmt, args).");

        uint self = functionImports + (uint)target;
        var codeContent = WasmSections.Content(wasm, sections, 10);
        var (bodyStart, bodyLength) = bodies[target];
        // Body offsets are in the code section's content.
        byte[] patchedBody = GuardedBody(codeContent.Slice(bodyStart, bodyLength), self, flagGlobal, found.Type, found.Raise);

        using var output = new MemoryStream(wasm.Length + 512);
        output.Write(wasm[..8]);
        foreach (var (id, start, length) in sections)
        {
            var content = wasm.Slice(start, length);
            switch (id)
            {
                case 6:
                {
                    using var s = new MemoryStream();
                    WasmWriter.WriteU32(s, flagGlobal + 1);
                    s.Write(content[WasmSections.LebLength(content)..]);
                    s.Write([I32, 0x01, 0x41, 0x00, 0x0B]);
                    WasmWriter.WriteSection(output, 6, s.ToArray());
                    break;
                }
                case 10:
                {
                    using var s = new MemoryStream(content.Length + 512);
                    int before = bodyStart;
                    // The body's size prefix precedes it; everything before that is copied unchanged.
                    int prefix = before - LebSize((uint)bodyLength);
                    s.Write(codeContent[..prefix]);
                    WasmWriter.WriteU32(s, (uint)patchedBody.Length);
                    s.Write(patchedBody);
                    s.Write(codeContent[(before + bodyLength)..]);
                    WasmWriter.WriteSection(output, 10, s.ToArray());
                    break;
                }
                default:
                    WasmWriter.WriteSection(output, id, content);
                    break;
            }
        }
        return output.ToArray();
    }

    /// <summary>
    /// mpz_as_str_inpl: (mpz, base, prefix, base_char, comma, str) -> length, whose loop divides 16-bit digits by the
    /// base (<c>i32.load16_u</c>, <c>i32.div_u</c>), turns remainders into '0'..'9' or letters (<c>i32.const 57</c>),
    /// writes a '-' (<c>i32.const 45</c>) and groups by 3 or 4 (<c>i32.const 3; i32.const 4; ...; select</c>).
    /// </summary>
    private static bool IsConversion(WasmFunctionType type, ReadOnlySpan<byte> body) =>
        type is { Params: [I32, I32, I32, I32, I32, I32], Results: [I32] }
        && body.IndexOf((ReadOnlySpan<byte>)[0x41, 0x10, 0x74]) >= 0 // i32.const 16; i32.shl
        && body.IndexOf((byte)0x2F) >= 0 // i32.load16_u
        && body.IndexOf((byte)0x6E) >= 0 // i32.div_u
        && body.IndexOf((ReadOnlySpan<byte>)[0x41, 0x39, 0x4B]) >= 0 // i32.const 57; i32.gt_u
        && body.IndexOf((ReadOnlySpan<byte>)[0x41, 0x2D, 0x3A]) >= 0 // i32.const 45; i32.store8
        && body.IndexOf((ReadOnlySpan<byte>)[0x41, 0x03, 0x41, 0x04]) >= 0; // i32.const 3; i32.const 4

    /// <summary>
    /// Calls shaped <c>i32.const TYPE; i32.const anchor; (a few bytes: the argument pointer); call RAISE</c>.
    /// </summary>
    private static List<(uint Type, uint Raise)> RaiseSites(ReadOnlySpan<byte> body, uint anchor)
    {
        // Addresses are relocations, which the linker may leave as padded (5-byte) LEB128: decode rather than match bytes.
        var found = new List<(uint, uint)>();
        for (int at = body.IndexOf((byte)0x41); at >= 0 && at + 1 < body.Length; at = NextConst(body, at))
        {
            var constant = new WasmCursor(body, at + 1);
            if (!TryReadS32(ref constant, out long value) || value != anchor) continue;
            int after = constant.Position;
            // The type: an i32.const just before.
            uint? type = null;
            for (int back = 2; back <= 6 && at - back >= 0; back++)
            {
                if (body[at - back] != 0x41) continue;
                var c = new WasmCursor(body, at - back + 1);
                if (TryReadS32(ref c, out long t) && c.Position == at && t > 0) type = (uint)t;
            }
            if (type is null) continue;
            // The call: within the next 12 bytes after the anchor constant.
            for (int k = after; k < Math.Min(body.Length, after + 12); k++)
            {
                if (body[k] != 0x10) continue;
                var c = new WasmCursor(body, k + 1);
                uint callee = c.ReadU32();
                // A raise never returns: the call is followed by unreachable.
                if (c.Position < body.Length && body[c.Position] == 0x00)
                {
                    found.Add((type.Value, callee));
                    break;
                }
            }
        }
        return found;
    }

    private static int NextConst(ReadOnlySpan<byte> body, int at)
    {
        int next = body[(at + 1)..].IndexOf((byte)0x41);
        return next < 0 ? -1 : at + 1 + next;
    }

    /// <summary>Reads a signed LEB128 of at most 5 bytes; false (instead of an exception) past the end.</summary>
    private static bool TryReadS32(ref WasmCursor cursor, out long value)
    {
        value = 0;
        int shift = 0;
        for (int i = 0; i < 5; i++)
        {
            if (cursor.AtEnd) return false;
            byte b = cursor.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                if (shift < 64 && (b & 0x40) != 0) value -= 1L << shift;
                value = (int)value;
                return true;
            }
        }
        return false;
    }

    /// <summary>The address of <paramref name="needle"/> (after its leading NUL) in an active data segment.</summary>
    private static uint FindData(ReadOnlySpan<byte> data, ReadOnlySpan<byte> needle)
    {
        var cursor = new WasmCursor(data);
        uint count = cursor.ReadU32();
        uint? found = null;
        int matches = 0;
        for (uint i = 0; i < count; i++)
        {
            uint flags = cursor.ReadU32();
            int? offset = null;
            if (flags == 2) cursor.ReadU32();
            if (flags is 0 or 2) offset = cursor.ReadConstExpr();
            var bytes = cursor.ReadBytes((int)cursor.ReadU32());
            if (offset is not { } o) continue;
            int at = bytes.IndexOf(needle);
            if (at < 0) continue;
            matches += bytes[(at + 1)..].IndexOf(needle) < 0 ? 1 : 2;
            found = (uint)(o + at + 1);
        }
        if (matches != 1 || found is null) throw new InvalidDataException($"Expected one copy of the anchor message in the interpreter's data, found {matches}; the interpreter build is not the expected one.");
        return found.Value;
    }

    /// <summary>The conversion's body with the guard in front (see the class remarks).</summary>
    private static byte[] GuardedBody(ReadOnlySpan<byte> body, uint self, uint flag, uint valueErrorType, uint raise)
    {
        var cursor = new WasmCursor(body);
        uint groups = cursor.ReadU32();
        uint locals = 6; // the parameters
        for (uint g = 0; g < groups; g++)
        {
            locals += cursor.ReadU32();
            cursor.ReadByte();
        }
        int instructions = cursor.Position;
        uint len = locals, result = locals + 1, p = locals + 2, n = locals + 3;

        var s = new MemoryStream(body.Length + 400);
        WasmWriter.WriteU32(s, groups + 1);
        s.Write(body[WasmSections.LebLength(body)..instructions]);
        s.Write([0x04, I32]); // four more i32 locals

        s.Write([0x02, 0x40]); // block: the guard
        // The inner call made below passes straight through (and clears the flag).
        Emit(s, 0x23, flag); s.Write([0x04, 0x40]);
        s.Write([0x41, 0x00]); Emit(s, 0x24, flag); s.Write([0x0C, 0x01]);
        s.WriteByte(0x0B);
        // Only decimal is limited.
        Emit(s, 0x20, 1); s.Write([0x41, 0x0A, 0x47, 0x0D, 0x00]); // base != 10: br_if 0
        // digits <= floor(16*len*log10(2)) + 1 <= (len*78914 >> 14) + 1: within the limit, convert as before.
        Emit(s, 0x20, 0); s.Write([0x28, 0x02, 0x04]); Emit(s, 0x22, len); // i32.load offset=4: len
        s.Write([0xAD, 0x42]); WasmWriter.WriteS32(s, 78914); s.Write([0x7E, 0x42, 0x0E, 0x88]); // i64: len*78914 >> 14
        s.WriteByte(0x42); WasmWriter.WriteS32(s, MaxDigits); s.Write([0x54, 0x0D, 0x00]); // < limit: br_if 0
        // digits >= floor(16*(len-1)*log10(2)) + 1 >= ((len-1)*78913 >> 14) + 1: past the limit, raise now.
        Emit(s, 0x20, len); s.Write([0x41, 0x01, 0x6B, 0xAD, 0x42]); WasmWriter.WriteS32(s, 78913);
        s.Write([0x7E, 0x42, 0x0E, 0x88, 0x42]); WasmWriter.WriteS32(s, MaxDigits); s.Write([0x5A, 0x04, 0x40]); // >= limit: if
        EmitRaise(s, p, valueErrorType, raise);
        s.WriteByte(0x0B);
        // In between: convert, then count the digits written.
        s.Write([0x41, 0x01]); Emit(s, 0x24, flag);
        for (uint a = 0; a < 6; a++) Emit(s, 0x20, a);
        Emit(s, 0x10, self); Emit(s, 0x21, result);
        s.Write([0x41, 0x00]); Emit(s, 0x21, n);
        Emit(s, 0x20, 5); Emit(s, 0x21, p);
        s.Write([0x02, 0x40, 0x03, 0x40]); // block loop
        Emit(s, 0x20, p); Emit(s, 0x20, 5); Emit(s, 0x20, result); s.Write([0x6A, 0x4F, 0x0D, 0x01]); // p >= str + result: br_if 1
        Emit(s, 0x20, n); Emit(s, 0x20, p); s.Write([0x2D, 0x00, 0x00, 0x41, 0x30, 0x6B, 0x41, 0x0A, 0x49, 0x6A]); Emit(s, 0x21, n); // n += (byte - '0') < 10
        Emit(s, 0x20, p); s.Write([0x41, 0x01, 0x6A]); Emit(s, 0x21, p);
        s.Write([0x0C, 0x00, 0x0B, 0x0B]); // br 0; end loop; end block
        Emit(s, 0x20, n); s.WriteByte(0x41); WasmWriter.WriteS32(s, MaxDigits); s.Write([0x4B, 0x04, 0x40]); // n > limit: if
        EmitRaise(s, p, valueErrorType, raise);
        s.WriteByte(0x0B);
        Emit(s, 0x20, result); s.WriteByte(0x0F); // return
        s.WriteByte(0x0B); // end of the guard block

        s.Write(body[instructions..]);
        return s.ToArray();
    }

    /// <summary>
    /// <c>mp_raise_msg_varg(&amp;mp_type_ValueError, Format, MaxDigits)</c> with the format and the argument on the C
    /// stack (global 0), then <c>unreachable</c>.
    /// </summary>
    private static void EmitRaise(MemoryStream s, uint p, uint valueErrorType, uint raise)
    {
        byte[] format = [.. Encoding.ASCII.GetBytes(Format), 0];
        int frame = 16 + ((format.Length + 15) & ~15);
        Emit(s, 0x23, 0); s.WriteByte(0x41); WasmWriter.WriteS32(s, frame); s.WriteByte(0x6B); Emit(s, 0x22, p); Emit(s, 0x24, 0);
        Emit(s, 0x20, p); s.WriteByte(0x41); WasmWriter.WriteS32(s, MaxDigits); s.Write([0x36, 0x02, 0x00]); // the %d argument
        for (int i = 0; i < format.Length; i += 4)
        {
            int word = 0;
            for (int b = 0; b < 4 && i + b < format.Length; b++) word |= format[i + b] << (8 * b);
            Emit(s, 0x20, p); s.WriteByte(0x41); WasmWriter.WriteS32(s, word); s.Write([0x36, 0x02]); WasmWriter.WriteU32(s, (uint)(16 + i));
        }
        s.WriteByte(0x41); WasmWriter.WriteS32(s, (int)valueErrorType);
        Emit(s, 0x20, p); s.Write([0x41, 0x10, 0x6A]);
        Emit(s, 0x20, p);
        Emit(s, 0x10, raise);
        s.WriteByte(0x00);
    }

    private static void Emit(MemoryStream s, byte op, uint immediate)
    {
        s.WriteByte(op);
        WasmWriter.WriteU32(s, immediate);
    }

    private static int LebSize(uint value)
    {
        int n = 1;
        while ((value >>= 7) != 0) n++;
        return n;
    }
}
