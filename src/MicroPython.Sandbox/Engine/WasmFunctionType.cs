namespace MicroPython.Sandbox.Engine;

/// <summary>A function type of the module's type section: its parameter and result value types.</summary>
internal sealed record WasmFunctionType(byte[] Params, byte[] Results)
{
    /// <summary>The value types a function type may hold here: i32, i64, f32, f64, funcref, externref.</summary>
    private const byte I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, FuncRef = 0x70, ExternRef = 0x6F;

    /// <summary>The form byte that starts a function type.</summary>
    private const byte Form = 0x60;

    public bool Matches(WasmFunctionType other) => Params.AsSpan().SequenceEqual(other.Params) && Results.AsSpan().SequenceEqual(other.Results);

    /// <summary>Every type of a type section's content, in order (their indices); refuses anything but function types.</summary>
    public static List<WasmFunctionType> ReadAll(ReadOnlySpan<byte> content)
    {
        var cursor = new WasmCursor(content);
        uint count = cursor.ReadU32();
        var types = new List<WasmFunctionType>((int)Math.Min(count, (uint)content.Length));
        for (uint i = 0; i < count; i++)
        {
            if (cursor.ReadByte() != Form) throw new InvalidDataException("Only function types are supported.");
            types.Add(new WasmFunctionType(ReadValueTypes(ref cursor), ReadValueTypes(ref cursor)));
        }
        return types;
    }

    /// <summary>Writes this type as a type section entry.</summary>
    public void WriteTo(Stream s)
    {
        s.WriteByte(Form);
        WasmWriter.WriteU32(s, (uint)Params.Length);
        s.Write(Params);
        WasmWriter.WriteU32(s, (uint)Results.Length);
        s.Write(Results);
    }

    private static byte[] ReadValueTypes(ref WasmCursor cursor)
    {
        var result = new byte[cursor.ReadU32()];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = cursor.ReadByte();
            if (result[i] is not (I32 or I64 or F32 or F64 or FuncRef or ExternRef)) throw new InvalidDataException($"Unsupported value type 0x{result[i]:x2}.");
        }
        return result;
    }
}
