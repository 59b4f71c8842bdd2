using System.Runtime.CompilerServices;
using Wasmtime;

namespace MicroPython.Sandbox.Engine;

/// <summary>
/// The interpreter as it stands right after start-up (<c>emscripten_stack_init</c>, the C constructors,
/// <c>mp_js_init</c> and <c>proxy_c_init</c>), compiled as a module of its own: its memory is defined
/// rather than imported, its data segments hold the captured memory and its mutable globals start at the
/// captured values. A new sandbox instantiated from it is already started, and Wasmtime maps the memory
/// copy-on-write from the compiled image, so pages are only copied when the sandbox writes to them.
/// </summary>
/// <remarks>
/// The image is only valid for the first heap area it was captured with (see
/// <see cref="Runtime.Interpreter.FirstHeapAreaBytes"/>); other sizes start the normal way. Nothing
/// per-sandbox lives in it: the split budget is set again from each sandbox's own cap, host state
/// (clocks, runs) belongs to the new interpreter, and <c>random</c> seeds itself on import, after start-up.
/// </remarks>
internal sealed class StartupImage
{
    /// <summary>Zero gaps shorter than this stay inside one data segment rather than splitting it.</summary>
    private const int SegmentGap = 64;

    public StartupImage(Module module, string memoryExport, long firstHeapAreaBytes, uint pages)
    {
        Module = module;
        MemoryExport = memoryExport;
        FirstHeapAreaBytes = firstHeapAreaBytes;
        Pages = pages;
    }

    /// <summary>The image in <paramref name="module"/> (from <see cref="BuildModule"/>), captured with <paramref name="firstHeapAreaBytes"/>.</summary>
    public static StartupImage FromModule(Module module, long firstHeapAreaBytes)
    {
        MemoryExport? memory = null;
        foreach (var export in module.Exports)
            if (export is MemoryExport m) memory = memory is null ? m : throw new InvalidDataException("The start-up image exports more than one memory.");
        if (memory is null) throw new InvalidDataException("The start-up image exports no memory.");
        return new StartupImage(module, memory.Name, firstHeapAreaBytes, (uint)memory.Minimum);
    }

    /// <summary>The pre-initialized interpreter module.</summary>
    public Module Module { get; }

    /// <summary>The name the module exports its memory under.</summary>
    public string MemoryExport { get; }

    /// <summary>The first heap area size start-up ran with.</summary>
    public long FirstHeapAreaBytes { get; }

    /// <summary>Linear memory pages at the end of start-up: the image module's initial memory size.</summary>
    public uint Pages { get; }

    /// <summary>The state a sandbox from this image starts in, for resetting recycled interpreters; null when not captured or not usable.</summary>
    public Runtime.ImageState? State => _state?.Value;

    /// <summary>Whether <see cref="CaptureState"/> has run (its result may still be null).</summary>
    public bool StateCaptured => _state is not null;

    private StrongBox<Runtime.ImageState?>? _state;

    /// <summary>Records the image's state once, from the first fresh interpreter that offers it.</summary>
    public void CaptureState(Func<Runtime.ImageState?> capture)
    {
        if (_state is null) Interlocked.CompareExchange(ref _state, new StrongBox<Runtime.ImageState?>(capture()), null);
    }

    /// <summary>
    /// Writes the pre-initialized module: <paramref name="patchedWasm"/> (from <see cref="ModulePatcher"/>) with
    /// the memory import replaced by a defined memory of <paramref name="memory"/>'s size, data segments holding
    /// its non-zero bytes, and each global in <paramref name="globals"/> starting at its captured value.
    /// </summary>
    public static byte[] BuildModule(ReadOnlySpan<byte> patchedWasm, ReadOnlySpan<byte> memory, IReadOnlyDictionary<uint, int> globals, uint maximumPages)
    {
        if (memory.Length % 65536 != 0) throw new ArgumentException("The memory image must be whole pages.", nameof(memory));
        uint pages = (uint)(memory.Length / 65536);

        using var output = new MemoryStream(patchedWasm.Length + memory.Length / 4);
        output.Write(patchedWasm[..8]);
        var cursor = new WasmCursor(patchedWasm, 8);
        bool memoryWritten = false;
        uint importedGlobals = 0;
        while (!cursor.AtEnd)
        {
            byte id = cursor.ReadByte();
            var content = cursor.ReadBytes((int)cursor.ReadU32());
            if (id == 5) throw new InvalidDataException("The patched module defines a memory; expected it imported.");
            if (id == 12) throw new InvalidDataException("The interpreter module has a data count section; its data segments cannot be replaced.");
            if (id > 5 && !memoryWritten)
            {
                using var s = new MemoryStream();
                WasmWriter.WriteU32(s, 1);
                WasmWriter.WriteLimits(s, pages, Math.Max(pages, maximumPages));
                WasmWriter.WriteSection(output, 5, s.ToArray());
                memoryWritten = true;
            }
            switch (id)
            {
                case 2:
                    WasmWriter.WriteSection(output, 2, WithoutMemoryImport(content, out importedGlobals));
                    break;
                case 6:
                    WasmWriter.WriteSection(output, 6, WithGlobalValues(content, importedGlobals, globals));
                    break;
                case 11:
                    WasmWriter.WriteSection(output, 11, DataSegments(memory));
                    break;
                default:
                    WasmWriter.WriteSection(output, id, content);
                    break;
            }
        }
        return output.ToArray();
    }

    private static byte[] WithoutMemoryImport(ReadOnlySpan<byte> content, out uint importedGlobals)
    {
        importedGlobals = 0;
        var cursor = new WasmCursor(content);
        uint count = cursor.ReadU32();
        using var s = new MemoryStream(content.Length);
        bool removed = false;
        using var kept = new MemoryStream(content.Length);
        for (uint i = 0; i < count; i++)
        {
            int start = cursor.Position;
            string module = cursor.ReadName();
            string name = cursor.ReadName();
            byte kind = cursor.ReadByte();
            switch (kind)
            {
                case 0x00: cursor.ReadU32(); break;
                case 0x01: cursor.ReadByte(); cursor.ReadLimits(); break;
                case 0x02: cursor.ReadLimits(); break;
                case 0x03: cursor.ReadByte(); cursor.ReadByte(); importedGlobals++; break;
                default: throw new InvalidDataException($"Unsupported import kind {kind}.");
            }
            if (kind == 0x02 && module == "env" && name == ModulePatcher.MemoryImport)
            {
                removed = true;
                continue;
            }
            kept.Write(content[start..cursor.Position]);
        }
        if (!removed) throw new InvalidDataException("The patched module does not import its memory.");
        WasmWriter.WriteU32(s, count - 1);
        kept.Position = 0;
        kept.CopyTo(s);
        return s.ToArray();
    }

    private static byte[] WithGlobalValues(ReadOnlySpan<byte> content, uint importedGlobals, IReadOnlyDictionary<uint, int> globals)
    {
        // Imported globals come first in the index space.
        var cursor = new WasmCursor(content);
        uint count = cursor.ReadU32();
        using var s = new MemoryStream(content.Length + 16);
        WasmWriter.WriteU32(s, count);
        int replaced = 0;
        for (uint i = 0; i < count; i++)
        {
            int start = cursor.Position;
            byte type = cursor.ReadByte();
            byte mutability = cursor.ReadByte();
            int typeEnd = cursor.Position;
            cursor.ReadConstExpr();
            if (globals.TryGetValue(importedGlobals + i, out int value))
            {
                if (type != 0x7F || mutability != 0x01) throw new InvalidDataException($"Global {importedGlobals + i} is not a mutable i32.");
                s.Write(content[start..typeEnd]);
                s.WriteByte(0x41);
                WasmWriter.WriteS32(s, value);
                s.WriteByte(0x0B);
                replaced++;
            }
            else
            {
                s.Write(content[start..cursor.Position]);
            }
        }
        if (replaced != globals.Count) throw new InvalidDataException("A captured global is not defined by the module.");
        return s.ToArray();
    }

    private static byte[] DataSegments(ReadOnlySpan<byte> memory)
    {
        var runs = new List<(int Start, int End)>();
        int i = 0;
        while (i < memory.Length)
        {
            int rest = memory[i..].IndexOfAnyExcept((byte)0);
            if (rest < 0) break;
            int start = i + rest;
            int end = start;
            while (end < memory.Length)
            {
                int zero = memory[end..].IndexOf((byte)0);
                if (zero < 0) { end = memory.Length; break; }
                end += zero;
                int nonZero = memory[end..].IndexOfAnyExcept((byte)0);
                if (nonZero < 0 || nonZero >= SegmentGap) break;
                end += nonZero;
            }
            runs.Add((start, end));
            i = end;
        }

        using var s = new MemoryStream(memory.Length / 4);
        WasmWriter.WriteU32(s, (uint)runs.Count);
        foreach (var (start, end) in runs)
        {
            s.WriteByte(0x00); // active, memory 0
            s.WriteByte(0x41);
            WasmWriter.WriteS32(s, start);
            s.WriteByte(0x0B);
            WasmWriter.WriteU32(s, (uint)(end - start));
            s.Write(memory[start..end]);
        }
        return s.ToArray();
    }
}
