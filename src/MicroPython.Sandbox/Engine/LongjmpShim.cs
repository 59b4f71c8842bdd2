namespace MicroPython.Sandbox.Engine;

/// <summary>
/// Implements Emscripten's setjmp/longjmp imports (<c>invoke_*</c> and <c>_emscripten_throw_longjmp</c>) inside the
/// interpreter module itself, with a wasm exception tag, so a longjmp never crosses a host frame (which would
/// make it a trap and cost microseconds on every call) and the module needs only host functions to instantiate.
/// </summary>
/// <remarks>
/// <para>Each <c>invoke_X(index, args...)</c> saves the C stack pointer, calls table entry <c>index</c> and, if a
/// longjmp unwinds through it, restores the stack pointer and calls <c>setThrew(1, 0)</c>, exactly as Emscripten's
/// JavaScript glue does. Any other trap (fuel, epoch, memory) passes straight through: only this tag is caught.</para>
/// <para>The imports are removed and the implementations appended as defined functions, so every function index
/// after the imports moves down (<see cref="FunctionIndexRewriter"/> rewrites the bodies, exports and element
/// segments). The module keeps its own table, which Wasmtime fills lazily at instantiation.</para>
/// </remarks>
internal static class LongjmpShim
{
    public const string ThrowLongjmp = "_emscripten_throw_longjmp";
    public const string InvokePrefix = "invoke_";

    /// <summary>Whether the module import <paramref name="module"/>.<paramref name="name"/> is one this shim implements.</summary>
    public static bool Implements(string module, string name) =>
        module == "env" && (name == ThrowLongjmp || name.StartsWith(InvokePrefix, StringComparison.Ordinal));

    /// <summary>
    /// Returns <paramref name="wasm"/> (patched by <see cref="ModulePatcher"/>: one defined table, the stack pointer in
    /// global 0) with the shim's imports implemented inside it.
    /// </summary>
    public static byte[] Merge(ReadOnlySpan<byte> wasm, uint stackPointerGlobal)
    {
        var sections = WasmSections.Read(wasm);

        var types = WasmFunctionType.ReadAll(WasmSections.Content(wasm, sections, 1));

        // Imports: which function imports the shim replaces, in import order.
        var imports = new WasmCursor(WasmSections.Content(wasm, sections, 2));
        uint importCount = imports.ReadU32();
        var kept = new List<(int Start, int End)>();
        var functionImports = new List<(string Name, uint Type, bool Replaced)>();
        for (uint i = 0; i < importCount; i++)
        {
            int start = imports.Position;
            string module = imports.ReadName();
            string name = imports.ReadName();
            byte kind = imports.ReadByte();
            bool replaced = false;
            switch (kind)
            {
                case 0x00:
                    uint type = imports.ReadU32();
                    replaced = Implements(module, name);
                    functionImports.Add((name, type, replaced));
                    break;
                case 0x01: imports.ReadByte(); imports.ReadLimits(); break;
                case 0x02: imports.ReadLimits(); break;
                case 0x03: imports.ReadByte(); imports.ReadByte(); break;
                case 0x04: imports.ReadByte(); imports.ReadU32(); break;
                default: throw new InvalidDataException($"Unsupported import kind {kind}.");
            }
            if (!replaced) kept.Add((start, imports.Position));
        }
        var shims = functionImports.Where(f => f.Replaced).ToList();
        if (shims.Count == 0) return wasm.ToArray();

        var functions = new WasmCursor(WasmSections.Content(wasm, sections, 3));
        uint definedCount = functions.ReadU32();

        // New indices: kept imports close up, defined functions move down, the shim functions come last.
        uint importedBefore = (uint)functionImports.Count, removed = (uint)shims.Count;
        var map = new uint[importedBefore + definedCount];
        uint next = 0, shimNext = importedBefore - removed + definedCount;
        var shimIndex = new Dictionary<string, uint>();
        for (int i = 0; i < functionImports.Count; i++)
        {
            if (functionImports[i].Replaced) shimIndex[functionImports[i].Name] = map[i] = shimNext++;
            else map[i] = next++;
        }
        for (uint d = 0; d < definedCount; d++) map[importedBefore + d] = importedBefore - removed + d;
        uint Map(uint index) => index < map.Length ? map[index] : throw new InvalidDataException($"Function index {index} is out of range.");

        uint setThrew = Map(FindFunctionExport(WasmSections.Content(wasm, sections, 7), "setThrew"));

        // Types the shim needs: each invoke's callee type, and () -> () for the tag.
        var newTypes = new List<WasmFunctionType>();
        uint TypeIndex(WasmFunctionType type)
        {
            int found = types.FindIndex(type.Matches);
            if (found >= 0) return (uint)found;
            int added = newTypes.FindIndex(type.Matches);
            if (added < 0)
            {
                newTypes.Add(type);
                added = newTypes.Count - 1;
            }
            return (uint)(types.Count + added);
        }
        uint tagType = TypeIndex(new WasmFunctionType([], []));
        var bodies = new List<byte[]>();
        foreach (var (name, type, _) in shims)
        {
            var signature = types[(int)type];
            if (name == ThrowLongjmp)
            {
                if (signature.Params.Length != 0 || signature.Results.Length != 0) throw new InvalidDataException($"{name} has an unexpected signature.");
                bodies.Add(ThrowBody());
                continue;
            }
            if (signature.Params.Length == 0 || signature.Params[0] != I32 || signature.Results.Length > 1)
                throw new InvalidDataException($"{name} has an unexpected signature.");
            uint callee = TypeIndex(new WasmFunctionType(signature.Params[1..], signature.Results));
            bodies.Add(InvokeBody(signature, callee, stackPointerGlobal, setThrew));
        }

        using var output = new MemoryStream(wasm.Length + 4096);
        output.Write(wasm[..8]);
        bool tagWritten = false;
        foreach (var (id, start, length) in sections)
        {
            var content = wasm.Slice(start, length);
            if (!tagWritten && id is 6 or 7 or 8 or 9 or 10 or 11 or 12)
            {
                using var s = new MemoryStream();
                WasmWriter.WriteU32(s, 1);
                s.WriteByte(0x00); // exception attribute
                WasmWriter.WriteU32(s, tagType);
                WasmWriter.WriteSection(output, 13, s.ToArray());
                tagWritten = true;
            }
            using var section = new MemoryStream(content.Length + 256);
            switch (id)
            {
                case 1:
                    WasmWriter.WriteU32(section, (uint)(types.Count + newTypes.Count));
                    section.Write(content[WasmSections.LebLength(content)..]);
                    foreach (var t in newTypes) t.WriteTo(section);
                    break;
                case 2:
                    WasmWriter.WriteU32(section, (uint)kept.Count);
                    foreach (var (s, e) in kept) section.Write(content[s..e]);
                    break;
                case 3:
                    WasmWriter.WriteU32(section, definedCount + removed);
                    section.Write(content[WasmSections.LebLength(content)..]);
                    foreach (var shim in shims) WasmWriter.WriteU32(section, shim.Type);
                    break;
                case 7:
                    RewriteExports(content, Map, section);
                    break;
                case 8:
                    WasmWriter.WriteU32(section, Map(new WasmCursor(content).ReadU32()));
                    break;
                case 9:
                    RewriteElements(content, Map, section);
                    break;
                case 10:
                {
                    var code = new WasmCursor(content);
                    uint count = code.ReadU32();
                    WasmWriter.WriteU32(section, count + removed);
                    using var body = new MemoryStream();
                    for (uint i = 0; i < count; i++)
                    {
                        body.SetLength(0);
                        FunctionIndexRewriter.Rewrite(code.ReadBytes((int)code.ReadU32()), Map, body);
                        WasmWriter.WriteU32(section, (uint)body.Length);
                        body.WriteTo(section);
                    }
                    foreach (var b in bodies)
                    {
                        WasmWriter.WriteU32(section, (uint)b.Length);
                        section.Write(b);
                    }
                    break;
                }
                case 13:
                    throw new InvalidDataException("The interpreter module already has exception tags.");
                case 0:
                    continue; // custom sections (names, producers) would describe the old indices
                default:
                    section.Write(content);
                    break;
            }
            WasmWriter.WriteSection(output, id, section.ToArray());
        }
        return output.ToArray();
    }

    private const byte I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C;

    /// <summary><c>throw 0</c>: the only tag, which every invoke catches.</summary>
    private static byte[] ThrowBody() => [0x00, 0x08, 0x00, 0x0B];

    /// <summary>
    /// <c>saved = sp; block { return try_table (catch 0 -> block) { call_indirect callee (args..., index) } }
    /// sp = saved; setThrew(1, 0); return 0</c>.
    /// </summary>
    private static byte[] InvokeBody(WasmFunctionType invoke, uint calleeType, uint stackPointer, uint setThrew)
    {
        int parameters = invoke.Params.Length;
        using var s = new MemoryStream();
        WasmWriter.WriteU32(s, 1);                     // one local group:
        WasmWriter.WriteU32(s, 1);                     //   one i32, the saved stack pointer
        s.WriteByte(I32);
        s.WriteByte(0x23); WasmWriter.WriteU32(s, stackPointer);          // global.get sp
        s.WriteByte(0x21); WasmWriter.WriteU32(s, (uint)parameters);      // local.set saved
        s.WriteByte(0x02); s.WriteByte(0x40);                             // block
        s.WriteByte(0x1F);                                                //   try_table
        s.WriteByte(invoke.Results.Length == 0 ? (byte)0x40 : invoke.Results[0]);
        WasmWriter.WriteU32(s, 1); s.WriteByte(0x00); WasmWriter.WriteU32(s, 0); WasmWriter.WriteU32(s, 0); // (catch tag 0 -> block)
        for (int i = 1; i < parameters; i++) { s.WriteByte(0x20); WasmWriter.WriteU32(s, (uint)i); }   // the arguments
        s.WriteByte(0x20); WasmWriter.WriteU32(s, 0);                     //     local.get index
        s.WriteByte(0x11); WasmWriter.WriteU32(s, calleeType); WasmWriter.WriteU32(s, 0); // call_indirect
        s.WriteByte(0x0B);                                                //   end
        s.WriteByte(0x0F);                                                //   return
        s.WriteByte(0x0B);                                                // end: a longjmp lands here
        s.WriteByte(0x20); WasmWriter.WriteU32(s, (uint)parameters);      // local.get saved
        s.WriteByte(0x24); WasmWriter.WriteU32(s, stackPointer);          // global.set sp
        s.WriteByte(0x41); s.WriteByte(0x01);                             // i32.const 1
        s.WriteByte(0x41); s.WriteByte(0x00);                             // i32.const 0
        s.WriteByte(0x10); WasmWriter.WriteU32(s, setThrew);              // call setThrew
        if (invoke.Results.Length == 1)
        {
            switch (invoke.Results[0])
            {
                case I32: s.Write([0x41, 0x00]); break;
                case I64: s.Write([0x42, 0x00]); break;
                case F32: s.Write([0x43, 0, 0, 0, 0]); break;
                case F64: s.Write([0x44, 0, 0, 0, 0, 0, 0, 0, 0]); break;
                default: throw new InvalidDataException("An invoke returns an unsupported type.");
            }
        }
        s.WriteByte(0x0B);
        return s.ToArray();
    }

    private static uint FindFunctionExport(ReadOnlySpan<byte> content, string wanted)
    {
        var cursor = new WasmCursor(content);
        uint count = cursor.ReadU32();
        for (uint i = 0; i < count; i++)
        {
            string name = cursor.ReadName();
            byte kind = cursor.ReadByte();
            uint index = cursor.ReadU32();
            if (kind == 0x00 && name == wanted) return index;
        }
        throw new InvalidDataException($"The interpreter module exports no function {wanted}.");
    }

    private static void RewriteExports(ReadOnlySpan<byte> content, Func<uint, uint> map, Stream output)
    {
        var cursor = new WasmCursor(content);
        uint count = cursor.ReadU32();
        WasmWriter.WriteU32(output, count);
        for (uint i = 0; i < count; i++)
        {
            WasmWriter.WriteName(output, cursor.ReadName());
            byte kind = cursor.ReadByte();
            uint index = cursor.ReadU32();
            output.WriteByte(kind);
            WasmWriter.WriteU32(output, kind == 0x00 ? map(index) : index);
        }
    }

    /// <summary>Element segments holding function indices (encodings 0 to 3, which are what the builds use).</summary>
    private static void RewriteElements(ReadOnlySpan<byte> content, Func<uint, uint> map, Stream output)
    {
        var cursor = new WasmCursor(content);
        uint count = cursor.ReadU32();
        WasmWriter.WriteU32(output, count);
        for (uint i = 0; i < count; i++)
        {
            int start = cursor.Position;
            uint flags = cursor.ReadU32();
            switch (flags)
            {
                case 0: SkipConstExpr(ref cursor); break;
                case 1 or 3: cursor.ReadByte(); break;
                case 2: cursor.ReadU32(); SkipConstExpr(ref cursor); cursor.ReadByte(); break;
                default: throw new InvalidDataException($"Unsupported element segment encoding {flags}.");
            }
            output.Write(content[start..cursor.Position]);
            uint n = cursor.ReadU32();
            WasmWriter.WriteU32(output, n);
            for (uint k = 0; k < n; k++) WasmWriter.WriteU32(output, map(cursor.ReadU32()));
        }
    }

    /// <summary>An offset expression: <c>i32.const</c> or <c>global.get</c>, then <c>end</c>.</summary>
    private static void SkipConstExpr(ref WasmCursor cursor)
    {
        byte op = cursor.ReadByte();
        if (op is 0x41 or 0x42) cursor.ReadS64();
        else if (op == 0x23) cursor.ReadU32();
        else throw new InvalidDataException($"Unsupported constant expression 0x{op:x2}.");
        if (cursor.ReadByte() != 0x0B) throw new InvalidDataException("Unsupported constant expression.");
    }

}
