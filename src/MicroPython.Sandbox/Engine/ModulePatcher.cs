namespace MicroPython.Sandbox.Engine;

/// <summary>What the host needs to know about a patched interpreter module.</summary>
/// <param name="Wasm">The rewritten binary.</param>
/// <param name="TableSize">Entries in the interpreter's function table.</param>
/// <param name="StackPointer">Initial value of the C stack pointer global.</param>
/// <param name="InitialMemoryPages">The memory size the original module asked for.</param>
/// <param name="MaximumMemoryPages">The memory maximum the original module declared.</param>
/// <param name="FatalLoopsPatched">How many endless fatal-error loops were turned into traps.</param>
/// <param name="MutableGlobals">Indices of the defined mutable i32 globals (the split budget included), each exported as
/// <see cref="ModulePatcher.GlobalExportPrefix"/> + index so a start-up image can capture them.</param>
/// <param name="Gc">What the garbage-collection rewrite found, among it where the C stack's bounds live.</param>
internal sealed record PatchedModule(byte[] Wasm, uint TableSize, int StackPointer, uint InitialMemoryPages, uint MaximumMemoryPages, int FatalLoopsPatched, IReadOnlyList<uint> MutableGlobals, GcPatchFacts Gc);

/// <summary>
/// Rewrites the Emscripten build of MicroPython so that it needs only host functions to run and the host
/// owns memory sizing:
/// <list type="bullet">
/// <item>the C stack pointer (global 0) is exported as <c>mpsandbox_stack_pointer</c>, so sessions can save and
/// restore it;</item>
/// <item>the defined memory becomes the import <c>env.memory</c>, so each sandbox starts with only what it needs;</item>
/// <item>functions whose whole body is an endless empty loop (MicroPython's fatal-error paths) set the budget
/// global below to -1, so the host can tell this trap from others, and trap;</item>
/// <item>the garbage collector runs in the middle of a program (<see cref="GcPatcher"/>);</item>
/// <item><c>gc_get_max_new_split</c>, a constant 128 MiB, reads a new exported global instead, so the host can
/// tell the garbage collector how much room is left under the cap and the last heap area fills it exactly
/// rather than asking for a doubling that cannot fit;</item>
/// <item>decimal conversion of ints longer than 4300 digits raises ValueError (<see cref="IntStringPatcher"/>);</item>
/// <item>last, the setjmp/longjmp imports are implemented inside the module (<see cref="LongjmpShim.Merge"/>),
/// which is the one step that renumbers functions.</item>
/// </list>
/// </summary>
internal static class ModulePatcher
{
    public const string TableExport = "__indirect_function_table";
    public const string StackPointerExport = "mpsandbox_stack_pointer";
    public const string MemoryImport = "memory";
    public const string SplitBudgetExport = "mpsandbox_gc_split_budget";
    public const string GlobalExportPrefix = "mpsandbox_global_";

    /// <summary>MicroPython's webassembly port caps a new heap area at this many bytes.</summary>
    private const int DefaultSplitBudget = 128 * 1024 * 1024;

    // loop (empty) br 0 end end, with no locals.
    private static ReadOnlySpan<byte> FatalLoopBody => [0x00, 0x03, 0x40, 0x0C, 0x00, 0x0B, 0x0B];
    // The same after binaryen (engine/optimize.mjs), which marks the end unreachable: loop br 0 end unreachable end.
    private static ReadOnlySpan<byte> OptimizedFatalLoopBody => [0x00, 0x03, 0x40, 0x0C, 0x00, 0x0B, 0x00, 0x0B];
    // i32.const 134217728 end, with no locals: gc_get_max_new_split.
    private static ReadOnlySpan<byte> SplitBudgetBody => [0x00, 0x41, 0x80, 0x80, 0x80, 0xC0, 0x00, 0x0B];

    public static PatchedModule Patch(ReadOnlySpan<byte> wasm)
    {
        if (wasm.Length < 8 || !wasm[..4].SequenceEqual("\0asm"u8) || wasm[4] != 1)
            throw new InvalidDataException("Not a WebAssembly 1.0 binary.");
        // First, while function indices are still the build's own: collection in the middle of a run.
        wasm = GcPatcher.Patch(wasm, out var gc);

        var sections = WasmSections.Read(wasm);

        // Table: exactly one funcref table, defined.
        var table = new WasmCursor(WasmSections.Content(wasm, sections, 4, required: true));
        if (table.ReadU32() != 1 || table.ReadByte() != 0x70) throw new InvalidDataException("Expected exactly one funcref table.");
        var (_, tableMin, _) = table.ReadLimits();

        // Memory: exactly one, defined.
        var memory = new WasmCursor(WasmSections.Content(wasm, sections, 5, required: true));
        if (memory.ReadU32() != 1) throw new InvalidDataException("Expected exactly one memory.");
        var (_, memMin, memMax) = memory.ReadLimits();

        // Globals: the first must be the mutable i32 stack pointer.
        var globals = new WasmCursor(WasmSections.Content(wasm, sections, 6, required: true));
        uint globalCount = globals.ReadU32();
        if (globals.ReadByte() != 0x7F || globals.ReadByte() != 0x01) throw new InvalidDataException("Global 0 is not a mutable i32 stack pointer.");
        int stackPointer = globals.ReadConstExpr() ?? throw new InvalidDataException("The stack pointer has no constant initial value.");
        var mutableGlobals = new List<uint> { 0 };
        for (uint g = 1; g < globalCount; g++)
        {
            byte type = globals.ReadByte();
            byte mutability = globals.ReadByte();
            globals.ReadConstExpr();
            if (mutability == 0x01)
            {
                if (type != 0x7F) throw new InvalidDataException($"Global {g} is mutable but not an i32.");
                mutableGlobals.Add(g);
            }
        }
        mutableGlobals.Add(globalCount); // the split budget, appended below

        // Imports: only functions may be imported today, or the index-preserving moves would not hold.
        var imports = new WasmCursor(WasmSections.Content(wasm, sections, 2, required: true));
        uint importCount = imports.ReadU32();
        for (uint i = 0; i < importCount; i++)
        {
            imports.ReadName();
            imports.ReadName();
            if (imports.ReadByte() != 0x00) throw new InvalidDataException("The interpreter module imports something other than functions.");
            imports.ReadU32();
        }

        using var output = new MemoryStream(wasm.Length + 256);
        output.Write(wasm[..8]);
        int fatalLoops = 0, splitBudgets = 0;
        foreach (var (id, start, length) in sections)
        {
            var content = wasm.Slice(start, length);
            switch (id)
            {
                case 2:
                {
                    using var s = new MemoryStream();
                    WasmWriter.WriteU32(s, importCount + 1);
                    s.Write(content[WasmSections.LebLength(content)..imports.Position]);
                    WasmWriter.WriteName(s, "env");
                    WasmWriter.WriteName(s, MemoryImport);
                    s.WriteByte(0x02);
                    WasmWriter.WriteLimits(s, 1, memMax);
                    WasmWriter.WriteSection(output, 2, s.ToArray());
                    break;
                }
                case 5:
                    break; // the only memory is now an import
                case 12:
                    // binaryen writes a data count section with bulk memory enabled. Only memory.init and data.drop
                    // need it, and without them the start-up image may replace the data segments: drop it.
                    if (UsesDataSegmentIndices(WasmSections.Content(wasm, sections, 10, required: true)))
                        throw new InvalidDataException("The interpreter module uses memory.init or data.drop; its data segments cannot be replaced.");
                    break;
                case 6:
                {
                    // Append the split budget, whose index is therefore globalCount.
                    using var s = new MemoryStream();
                    WasmWriter.WriteU32(s, globalCount + 1);
                    s.Write(content[WasmSections.LebLength(content)..]);
                    s.Write([0x7F, 0x01, 0x41]);
                    WasmWriter.WriteS32(s, DefaultSplitBudget);
                    s.WriteByte(0x0B);
                    WasmWriter.WriteSection(output, 6, s.ToArray());
                    break;
                }
                case 7:
                {
                    var exports = new WasmCursor(content);
                    uint exportCount = exports.ReadU32();
                    using var s = new MemoryStream();
                    WasmWriter.WriteU32(s, exportCount + 2 + (uint)mutableGlobals.Count);
                    s.Write(content[exports.Position..]);
                    WasmWriter.WriteName(s, StackPointerExport);
                    s.WriteByte(0x03);
                    WasmWriter.WriteU32(s, 0);
                    WasmWriter.WriteName(s, SplitBudgetExport);
                    s.WriteByte(0x03);
                    WasmWriter.WriteU32(s, globalCount);
                    // Host-only exports: the guest cannot reach exports, and a start-up image needs these values.
                    foreach (uint g in mutableGlobals)
                    {
                        WasmWriter.WriteName(s, GlobalExportPrefix + g);
                        s.WriteByte(0x03);
                        WasmWriter.WriteU32(s, g);
                    }
                    WasmWriter.WriteSection(output, 7, s.ToArray());
                    break;
                }
                case 10:
                {
                    using var s = new MemoryStream(content.Length);
                    (fatalLoops, splitBudgets) = PatchCode(content, globalCount, s);
                    WasmWriter.WriteSection(output, 10, s.ToArray());
                    break;
                }
                default:
                    WasmWriter.WriteSection(output, id, content);
                    break;
            }
        }

        if (fatalLoops == 0) throw new InvalidDataException("No fatal-error loop found to patch; the interpreter build is not the expected one.");
        if (splitBudgets != 1) throw new InvalidDataException($"Expected one gc_get_max_new_split function, found {splitBudgets}; the interpreter build is not the expected one.");
        // Big-int decimal conversion fails fast past CPython's digit limit (IntStringPatcher); indices do not move.
        var merged = LongjmpShim.Merge(IntStringPatcher.Patch(output.ToArray()), stackPointerGlobal: 0);
        return new PatchedModule(merged, tableMin, stackPointer, memMin, memMax ?? 65536, fatalLoops, mutableGlobals, gc);
    }


    /// <summary>The value the fatal-error paths leave in the budget global before they trap.</summary>
    public const int FatalErrorMarker = -1;

    private static (int FatalLoops, int SplitBudgets) PatchCode(ReadOnlySpan<byte> code, uint budgetGlobal, MemoryStream output)
    {
        // no locals; global.get budget; end
        byte[] budgetBody = [0x00, 0x23, .. Leb(budgetGlobal), 0x0B];
        // no locals; i32.const -1; global.set budget; unreachable; end
        byte[] fatalBody = [0x00, 0x41, 0x7F, 0x24, .. Leb(budgetGlobal), 0x00, 0x0B];

        var cursor = new WasmCursor(code);
        uint count = cursor.ReadU32();
        WasmWriter.WriteU32(output, count);
        int fatalLoops = 0, splitBudgets = 0;
        for (uint i = 0; i < count; i++)
        {
            var body = cursor.ReadBytes((int)cursor.ReadU32());
            if (body.SequenceEqual(FatalLoopBody) || body.SequenceEqual(OptimizedFatalLoopBody))
            {
                body = fatalBody;
                fatalLoops++;
            }
            else if (body.SequenceEqual(SplitBudgetBody))
            {
                body = budgetBody;
                splitBudgets++;
            }
            WasmWriter.WriteU32(output, (uint)body.Length);
            output.Write(body);
        }
        return (fatalLoops, splitBudgets);
    }

    private static bool UsesDataSegmentIndices(ReadOnlySpan<byte> code)
    {
        var cursor = new WasmCursor(code);
        uint count = cursor.ReadU32();
        for (uint i = 0; i < count; i++)
        {
            foreach (var instruction in WasmInstructions.Decode(cursor.ReadBytes((int)cursor.ReadU32())))
                if (instruction.Op == 0xFC && instruction.Sub is 8 or 9) return true;
        }
        return false;
    }

    private static byte[] Leb(uint value)
    {
        using var s = new MemoryStream(5);
        WasmWriter.WriteU32(s, value);
        return s.ToArray();
    }
}
