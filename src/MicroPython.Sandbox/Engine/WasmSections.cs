namespace MicroPython.Sandbox.Engine;

/// <summary>Where each section of a WebAssembly binary is, for rewriters that copy most of them unchanged.</summary>
internal static class WasmSections
{
    /// <summary>The sections after the 8-byte header, in order: (id, start of content, content length).</summary>
    public static List<(byte Id, int Start, int Length)> Read(ReadOnlySpan<byte> wasm)
    {
        var sections = new List<(byte Id, int Start, int Length)>();
        var cursor = new WasmCursor(wasm, 8);
        while (!cursor.AtEnd)
        {
            byte id = cursor.ReadByte();
            int length = (int)cursor.ReadU32();
            sections.Add((id, cursor.Position, length));
            cursor.ReadBytes(length);
        }
        return sections;
    }

    /// <summary>The content of the first section <paramref name="id"/>: empty when absent, or an error when <paramref name="required"/>.</summary>
    public static ReadOnlySpan<byte> Content(ReadOnlySpan<byte> wasm, List<(byte Id, int Start, int Length)> sections, byte id, bool required = false)
    {
        foreach (var s in sections) if (s.Id == id) return wasm.Slice(s.Start, s.Length);
        return required ? throw new InvalidDataException($"The interpreter module has no section {id}.") : [];
    }

    /// <summary>Bytes taken by the LEB128 integer at the start of <paramref name="data"/> (a section's item count).</summary>
    public static int LebLength(ReadOnlySpan<byte> data)
    {
        int n = 0;
        while ((data[n++] & 0x80) != 0) { }
        return n;
    }
}
