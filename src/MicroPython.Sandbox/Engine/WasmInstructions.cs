namespace MicroPython.Sandbox.Engine;

/// <summary>
/// One decoded instruction of a function body: where it is, its opcode and the immediates the rewriters match on
/// (an index, a constant, or a memory access's alignment and offset). <see cref="Sub"/> is the second opcode byte of
/// prefixed instructions (0xFC).
/// </summary>
internal readonly record struct WasmInstruction(int Start, int End, byte Op, uint Sub, long Immediate, uint Offset)
{
    public const byte Block = 0x02, Loop = 0x03, If = 0x04, EndOp = 0x0B, Br = 0x0C, BrIf = 0x0D, Call = 0x10;
    public const byte LocalGet = 0x20, LocalSet = 0x21, LocalTee = 0x22, GlobalGet = 0x23, GlobalSet = 0x24;
    public const byte I32Load = 0x28, I32Load8U = 0x2D, I32Store = 0x36, I32Store8 = 0x3A;
    public const byte I32Const = 0x41, I32Eqz = 0x45, I32Sub = 0x6B, I32And = 0x71, I32Or = 0x72, I32ShrU = 0x76, I32Add = 0x6A;

    public bool Is(byte op) => Op == op;

    public bool IsConst(int value) => Op == I32Const && Immediate == value;

}

/// <summary>Decodes function bodies into <see cref="WasmInstruction"/> lists for pattern matching.</summary>
internal static class WasmInstructions
{
    /// <summary>The local declarations of a body: (count, type) groups, and where the instructions start.</summary>
    public static List<(uint Count, byte Type)> ReadLocals(ReadOnlySpan<byte> body, out int codeStart)
    {
        var cursor = new WasmCursor(body);
        uint groups = cursor.ReadU32();
        var locals = new List<(uint, byte)>();
        for (uint i = 0; i < groups; i++)
        {
            uint count = cursor.ReadU32();
            byte type = cursor.ReadByte();
            if (type is 0x63 or 0x64) throw new InvalidDataException("Typed reference locals are not supported.");
            locals.Add((count, type));
        }
        codeStart = cursor.Position;
        return locals;
    }

    public static List<WasmInstruction> Decode(ReadOnlySpan<byte> body)
    {
        ReadLocals(body, out int codeStart);
        var cursor = new WasmCursor(body, codeStart);
        var result = new List<WasmInstruction>();
        while (!cursor.AtEnd)
        {
            int start = cursor.Position;
            byte op = cursor.ReadByte();
            uint sub = 0;
            long immediate = 0;
            uint offset = 0;
            switch (op)
            {
                case 0x0C or 0x0D or 0x10 or (>= 0x20 and <= 0x24):
                    immediate = cursor.ReadU32();
                    break;
                case 0x41:
                    immediate = (int)cursor.ReadS64();
                    break;
                case 0x42:
                    immediate = cursor.ReadS64();
                    break;
                case >= 0x28 and <= 0x3E:
                {
                    uint align = cursor.ReadU32();
                    if ((align & 0x40) != 0) throw new InvalidDataException("Multiple memories are not supported.");
                    immediate = align;
                    offset = cursor.ReadU32();
                    break;
                }
                case 0xFC:
                    sub = cursor.ReadU32();
                    cursor.Position = start + 1;
                    FunctionIndexRewriter.SkipImmediates(ref cursor, op);
                    break;
                default:
                    FunctionIndexRewriter.SkipImmediates(ref cursor, op);
                    break;
            }
            result.Add(new WasmInstruction(start, cursor.Position, op, sub, immediate, offset));
        }
        return result;
    }

    /// <summary>
    /// The address of a load or store at <paramref name="index"/> whose address operand is the constant just before it
    /// (<c>i32.const a; load offset=o</c> for a load, <c>i32.const a; value; store offset=o</c> with a one-instruction
    /// value for a store), or null.
    /// </summary>
    public static long? ConstantAddress(List<WasmInstruction> code, int index, bool store)
    {
        int addressAt = store ? index - 2 : index - 1;
        if (addressAt < 0 || code[addressAt].Op != WasmInstruction.I32Const) return null;
        return code[addressAt].Immediate + code[index].Offset;
    }
}
