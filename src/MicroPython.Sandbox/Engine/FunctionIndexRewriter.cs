namespace MicroPython.Sandbox.Engine;

/// <summary>
/// Copies a function body, replacing every function index its instructions name (<c>call</c>, <c>return_call</c>,
/// <c>ref.func</c>) through a mapping; everything else is copied byte for byte. Decodes the instruction set the
/// interpreter builds use (MVP, sign extension, saturating conversions, bulk memory, reference types, tail calls,
/// exceptions); anything else (SIMD, atomics, GC) is refused rather than copied blindly.
/// </summary>
internal static class FunctionIndexRewriter
{
    public static void Rewrite(ReadOnlySpan<byte> body, Func<uint, uint> map, Stream output)
    {
        var cursor = new WasmCursor(body);
        uint localGroups = cursor.ReadU32();
        for (uint i = 0; i < localGroups; i++)
        {
            cursor.ReadU32();
            SkipValueType(ref cursor);
        }
        int copied = 0;
        while (!cursor.AtEnd)
        {
            byte op = cursor.ReadByte();
            switch (op)
            {
                case 0x10 or 0x12 or 0xD2: // call, return_call, ref.func
                {
                    int start = cursor.Position;
                    uint index = cursor.ReadU32();
                    output.Write(body[copied..start]);
                    WasmWriter.WriteU32(output, map(index));
                    copied = cursor.Position;
                    break;
                }
                default:
                    SkipImmediates(ref cursor, op);
                    break;
            }
        }
        output.Write(body[copied..]);
    }

    internal static void SkipImmediates(ref WasmCursor cursor, byte op)
    {
        switch (op)
        {
            case 0x00 or 0x01 or 0x05 or 0x0B or 0x0F or 0x19 or 0x0A or 0x1A or 0x1B or 0xD1 or 0xD3 or 0xD4:
                break; // no immediates
            case 0x02 or 0x03 or 0x04 or 0x06: // block, loop, if, try
                SkipBlockType(ref cursor);
                break;
            case 0x07 or 0x08 or 0x09 or 0x18 or 0x0C or 0x0D or 0x14 or 0x15 or 0xD5 or 0xD6: // catch, throw, rethrow, delegate, br, br_if, call_ref, return_call_ref, br_on_(non_)null
            case >= 0x20 and <= 0x26: // local.*, global.*, table.get/set
            case 0x3F or 0x40: // memory.size, memory.grow
                cursor.ReadU32();
                break;
            case 0x0E: // br_table
            {
                uint n = cursor.ReadU32();
                for (uint i = 0; i <= n; i++) cursor.ReadU32();
                break;
            }
            case 0x11 or 0x13: // call_indirect, return_call_indirect: type, table
                cursor.ReadU32();
                cursor.ReadU32();
                break;
            case 0x1C: // select t*
            {
                uint n = cursor.ReadU32();
                for (uint i = 0; i < n; i++) SkipValueType(ref cursor);
                break;
            }
            case 0x1F: // try_table: block type, then catch clauses
            {
                SkipBlockType(ref cursor);
                uint n = cursor.ReadU32();
                for (uint i = 0; i < n; i++)
                {
                    byte kind = cursor.ReadByte();
                    if (kind is 0x00 or 0x01) cursor.ReadU32(); // tag
                    cursor.ReadU32(); // label
                }
                break;
            }
            case >= 0x28 and <= 0x3E: // loads and stores: memarg
                if ((cursor.ReadU32() & 0x40) != 0) cursor.ReadU32(); // memory index when flagged
                cursor.ReadU32();
                break;
            case 0x41 or 0x42: // i32.const, i64.const
                cursor.ReadS64();
                break;
            case 0x43:
                cursor.ReadBytes(4);
                break;
            case 0x44:
                cursor.ReadBytes(8);
                break;
            case >= 0x45 and <= 0xC4: // numeric instructions and sign extension
                break;
            case 0xD0: // ref.null heaptype
                SkipHeapType(ref cursor);
                break;
            case 0xFC:
                SkipPrefixed(ref cursor, cursor.ReadU32());
                break;
            default:
                throw new InvalidDataException($"Unsupported instruction 0x{op:x2} in the interpreter module.");
        }
    }

    private static void SkipPrefixed(ref WasmCursor cursor, uint op)
    {
        switch (op)
        {
            case <= 7: break; // saturating conversions
            case 8 or 10 or 12 or 14: cursor.ReadU32(); cursor.ReadU32(); break; // memory.init, memory.copy, table.init, table.copy
            case 9 or 11 or 13 or 15 or 16 or 17: cursor.ReadU32(); break; // data.drop, memory.fill, elem.drop, table.grow/size/fill
            default: throw new InvalidDataException($"Unsupported instruction 0xfc {op} in the interpreter module.");
        }
    }

    private static void SkipBlockType(ref WasmCursor cursor)
    {
        // 0x40 (empty) and value types are one byte each; anything else is a type index (s33).
        cursor.ReadS64();
    }

    private static void SkipValueType(ref WasmCursor cursor)
    {
        byte type = cursor.ReadByte();
        if (type is 0x63 or 0x64) SkipHeapType(ref cursor); // (ref null? ht)
    }

    private static void SkipHeapType(ref WasmCursor cursor) => cursor.ReadS64();
}
