namespace MicroPython.Sandbox.Engine;

/// <summary>Reads the WebAssembly binary encoding (LEB128 integers, names, limits) from a byte buffer.</summary>
internal ref struct WasmCursor(ReadOnlySpan<byte> data, int position = 0)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; set; } = position;

    public readonly bool AtEnd => Position >= _data.Length;

    public byte ReadByte()
    {
        if (Position >= _data.Length) throw new InvalidDataException("Unexpected end of the WebAssembly binary.");
        return _data[Position++];
    }

    public uint ReadU32()
    {
        uint result = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            byte b = ReadByte();
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException("Malformed LEB128 integer in the WebAssembly binary.");
    }

    public long ReadS64()
    {
        long result = 0;
        int shift = 0;
        byte b;
        do
        {
            b = ReadByte();
            result |= (long)(b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0 && shift < 70);
        if (shift < 64 && (b & 0x40) != 0) result |= -1L << shift;
        return result;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || Position + count > _data.Length) throw new InvalidDataException("Unexpected end of the WebAssembly binary.");
        var span = _data.Slice(Position, count);
        Position += count;
        return span;
    }

    public string ReadName() => System.Text.Encoding.UTF8.GetString(ReadBytes((int)ReadU32()));

    /// <summary>Reads table or memory limits: (flags, minimum, maximum or null).</summary>
    public (byte Flags, uint Min, uint? Max) ReadLimits()
    {
        byte flags = ReadByte();
        if (flags > 1) throw new InvalidDataException($"Unsupported limits flags 0x{flags:x2} (shared or 64-bit).");
        uint min = ReadU32();
        uint? max = flags == 1 ? ReadU32() : null;
        return (flags, min, max);
    }

    /// <summary>Skips a constant expression, returning its value when it is a plain <c>i32.const</c>.</summary>
    public int? ReadConstExpr()
    {
        int? value = null;
        while (true)
        {
            byte op = ReadByte();
            switch (op)
            {
                case 0x0B: return value;
                case 0x41: value = (int)ReadS64(); break;
                case 0x42: ReadS64(); value = null; break;
                case 0x43: ReadBytes(4); value = null; break;
                case 0x44: ReadBytes(8); value = null; break;
                case 0x23: ReadU32(); value = null; break;
                case 0xD2: ReadU32(); value = null; break;
                case 0xD0: ReadByte(); value = null; break;
                default: throw new InvalidDataException($"Unsupported opcode 0x{op:x2} in a constant expression.");
            }
        }
    }
}

/// <summary>Writes the WebAssembly binary encoding.</summary>
internal static class WasmWriter
{
    public static void WriteU32(Stream s, uint value)
    {
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            s.WriteByte(b);
        } while (value != 0);
    }

    public static void WriteS32(Stream s, int value)
    {
        while (true)
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            s.WriteByte(done ? b : (byte)(b | 0x80));
            if (done) return;
        }
    }

    public static void WriteName(Stream s, string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        WriteU32(s, (uint)bytes.Length);
        s.Write(bytes);
    }

    public static void WriteLimits(Stream s, uint min, uint? max)
    {
        s.WriteByte(max is null ? (byte)0 : (byte)1);
        WriteU32(s, min);
        if (max is { } m) WriteU32(s, m);
    }

    public static void WriteSection(Stream s, byte id, ReadOnlySpan<byte> content)
    {
        s.WriteByte(id);
        WriteU32(s, (uint)content.Length);
        s.Write(content);
    }
}
