namespace MicroPython.Sandbox.Engine;

/// <summary>What <see cref="GcPatcher"/> found in the interpreter binary, for tests and diagnostics.</summary>
/// <param name="GcCollect">Function index of <c>gc_collect</c>, which now collects.</param>
/// <param name="CollectStart">Function index of <c>gc_collect_start</c>.</param>
/// <param name="CollectEnd">Function index of <c>gc_collect_end</c>.</param>
/// <param name="PendingFlag">Address of the port's <c>gc_collect_pending</c> flag, which <c>gc_collect</c> used to set.</param>
/// <param name="PystackStart">Address of <c>pystack_start</c> in the interpreter state.</param>
/// <param name="PystackCur">Address of <c>pystack_cur</c>.</param>
/// <param name="StackOverflowFlag">Address of <c>gc_stack_overflow</c>.</param>
/// <param name="StackLimitAddress">Address the C stack limit is stored at during start-up.</param>
/// <param name="ThresholdAddress">Address of <c>gc_alloc_threshold</c>.</param>
/// <param name="StackTopAddress">Address the C stack top (the stack pointer when <c>mp_js_init</c> ran) is stored at.</param>
/// <param name="StackBaseGlobal">The global <c>emscripten_stack_get_base</c> returns: where the collector's C stack scan ends.</param>
internal sealed record GcPatchFacts(uint GcCollect, uint CollectStart, uint CollectEnd, long PendingFlag, long PystackStart, long PystackCur,
    long StackOverflowFlag, long StackLimitAddress, long ThresholdAddress, long StackTopAddress, uint StackBaseGlobal);

/// <summary>
/// Makes MicroPython's garbage collector run in the middle of a program. The webassembly port (built with a heap
/// that grows in areas) makes <c>gc_collect()</c> only set a flag and collects when control returns to the host,
/// because a conservative scan cannot see pointers held in WebAssembly locals. The build step (engine/optimize.mjs)
/// has binaryen spill those to the C stack around every call; this rewriter then:
/// <list type="bullet">
/// <item>gives <c>gc_collect</c> a body: <c>gc_collect_start()</c> (roots and the Python stack), then the C stack
/// from the stack pointer to its base marked the same way, then <c>gc_collect_end()</c>. The C stack is scanned by
/// running <c>gc_collect_start</c> a second time with the Python stack bounds pointing at the C stack, so the
/// marking code is MicroPython's own (only pointers to a block's start keep it alive); the stack-overflow flag of
/// the first pass is kept;</item>
/// <item>fixes the sweep (1.27 <c>gc_sweep_free_blocks</c>) freeing a heap area whose only live object is at
/// block 0, which a collection with live objects on the stack exposes;</item>
/// <item>sets the C stack limit (spilled frames are larger, so Python recursion needs more of the 64 KiB stack)
/// and the allocation threshold that triggers a collection.</item>
/// </list>
/// Every function and address is found by the shape of the code that uses it and cross-checked; a binary that
/// does not match is refused with <see cref="InvalidDataException"/>, never patched blindly.
/// </summary>
internal static class GcPatcher
{
    /// <summary>The C stack limit the port sets (<c>CSTACK_SIZE</c>), as found in the binary.</summary>
    public const int UpstreamStackLimit = 32 * 1024;

    /// <summary>The allocation threshold the port sets in <c>mp_js_init</c>, in 16-byte blocks (16 KiB).</summary>
    public const int UpstreamThresholdBlocks = 16 * 1024 / BytesPerBlock;

    public const int BytesPerBlock = 16;

    /// <summary>
    /// The C stack limit used instead while the build's 64 KiB stack is in use. Spilled frames are larger, so at the
    /// port's 32 KiB Python recursion would drop from 156 to about 83 nested calls; at 56 KiB it reaches 148 (closures:
    /// 110, against 126). Interpreters move to a larger stack at start-up and overwrite the limit
    /// (<see cref="Limits.StackBudget"/>); this value only matters for a module started without that step.
    /// </summary>
    public const int StackLimit = 56 * 1024;

    /// <summary>
    /// Bytes allocated between collections, or -1 for none: a collection runs only when the heap has no room, as in
    /// MicroPython's other ports, and the heap grows only when a collection did not make room. The port's 16 KiB
    /// (meant for a collector that only ran at the top level) made allocation-heavy code about 3x slower once
    /// collections really ran; 256 KiB to 4 MiB and none measured the same, and none costs nothing as the live
    /// data grows. Python code can still set one with <c>gc.threshold()</c>. See docs/performance.md.
    /// </summary>
    public const int ThresholdBytes = -1;

    public static byte[] Patch(ReadOnlySpan<byte> wasm, out GcPatchFacts facts) => Patch(wasm, StackLimit, ThresholdBytes, out facts);

    public static byte[] Patch(ReadOnlySpan<byte> wasm, int stackLimit, int thresholdBytes, out GcPatchFacts facts)
    {
        var module = new ModuleView(wasm);

        // 1. The top-level collection: mp_js_do_exec ends by calling, through invoke_v (it runs under setjmp),
        //    the port's gc_collect_top_level: "if pending { pending = 0; gc_collect_start(); gc_collect_end(); }".
        uint invokeV = module.FunctionImport("env", "invoke_v");
        var exec = module.Code(module.FunctionExport("mp_js_do_exec"));
        int lastInvoke = exec.FindLastIndex(i => i.Op == WasmInstruction.Call && i.Immediate == invokeV);
        if (lastInvoke < 1 || exec[lastInvoke - 1].Op != WasmInstruction.I32Const)
            throw Mismatch("mp_js_do_exec makes no invoke_v call with a constant table index");
        uint topLevel = module.TableEntry((uint)exec[lastInvoke - 1].Immediate);
        var top = module.Code(topLevel);
        var topCalls = top.Where(i => i.Op == WasmInstruction.Call).ToList();
        if (topCalls.Count != 2) throw Mismatch($"the top-level collection makes {topCalls.Count} calls, expected 2");
        uint start = (uint)topCalls[0].Immediate, end = (uint)topCalls[1].Immediate;
        var pendingReads = Addresses(top, WasmInstruction.I32Load8U, store: false).Distinct().ToList();
        if (pendingReads.Count != 1) throw Mismatch("the top-level collection does not read one pending flag");
        long pending = pendingReads[0];
        if (!StoresConstant(top, WasmInstruction.I32Store8, pending, 0)) throw Mismatch("the top-level collection does not clear its pending flag");
        module.RequireType(topLevel, 0, 0);
        module.RequireType(start, 0, 0);
        module.RequireType(end, 0, 0);

        // 2. gc_collect: the one function whose whole body sets that flag.
        var collectors = new List<uint>();
        for (uint f = module.ImportedFunctions; f < module.ImportedFunctions + module.DefinedFunctions; f++)
        {
            if (module.HasLocals(f)) continue;
            var code = module.Code(f);
            if (code.Count == 4 && code[0].Op == WasmInstruction.I32Const && code[1].IsConst(1) && code[2].Op == WasmInstruction.I32Store8
                && code[0].Immediate + code[2].Offset == pending && code[3].Op == WasmInstruction.EndOp)
                collectors.Add(f);
        }
        if (collectors.Count != 1) throw Mismatch($"found {collectors.Count} functions that only set the collection flag, expected 1");
        uint gcCollect = collectors[0];
        module.RequireType(gcCollect, 0, 0);

        // 3. gc_collect_start scans the Python stack: n = (pystack_cur - pystack_start) / 4 words from pystack_start.
        //    pystack_end lies between the two in the thread state.
        var startCode = module.Code(start);
        var pystack = new List<(long Cur, long Start)>();
        for (int i = 0; i + 5 < startCode.Count; i++)
        {
            if (startCode[i].Op == WasmInstruction.I32Const && startCode[i + 1].Op == WasmInstruction.I32Load
                && startCode[i + 2].Op == WasmInstruction.I32Const && startCode[i + 3].Op == WasmInstruction.I32Load
                && startCode[i + 4].Op == WasmInstruction.LocalTee && startCode[i + 5].Op == WasmInstruction.I32Sub)
                pystack.Add((startCode[i].Immediate + startCode[i + 1].Offset, startCode[i + 2].Immediate + startCode[i + 3].Offset));
        }
        if (pystack.Count != 1 || pystack[0].Cur != pystack[0].Start + 8)
            throw Mismatch("gc_collect_start does not scan the Python stack as expected");
        var (pystackCur, pystackStart) = pystack[0];

        // gc_stack_overflow: the first flag gc_collect_end reads (to re-mark after an overflow), which it and
        // gc_collect_start both clear.
        var endCode = module.Code(end);
        int firstLoad = endCode.FindIndex(i => i.Op == WasmInstruction.I32Load);
        long? overflow = firstLoad < 0 ? null : WasmInstructions.ConstantAddress(endCode, firstLoad, store: false);
        if (overflow is null || !StoresConstant(startCode, WasmInstruction.I32Store, overflow.Value, 0) || !StoresConstant(endCode, WasmInstruction.I32Store, overflow.Value, 0))
            throw Mismatch("gc_collect_end does not start by checking the mark-stack overflow flag");

        uint stackBase = module.FunctionExport("emscripten_stack_get_base");
        module.RequireType(stackBase, 0, 1);
        // The interpreter moves its C stack at start-up (see Runtime.CStack) and points this global at the new base.
        var baseCode = module.Code(stackBase);
        if (module.HasLocals(stackBase) || baseCode.Count != 2 || baseCode[0].Op != WasmInstruction.GlobalGet || baseCode[0].Immediate == 0)
            throw Mismatch("emscripten_stack_get_base does not return a global of its own");
        uint stackBaseGlobal = (uint)baseCode[0].Immediate;
        uint free = module.FunctionExport("free");

        var edits = new Dictionary<uint, byte[]>
        {
            [gcCollect] = CollectBody(start, end, stackBase, pystackStart, pystackCur, overflow.Value),
            [end] = FixSweep(module.Body(end), endCode, free),
        };

        // 4. mp_js_init: its first call stores the C stack limit and top; later it stores the allocation threshold.
        uint init = module.FunctionExport("mp_js_init");
        var initCode = module.Code(init);
        int firstCall = initCode.FindIndex(i => i.Op == WasmInstruction.Call);
        if (firstCall < 0) throw Mismatch("mp_js_init makes no calls");
        uint stackInit = (uint)initCode[firstCall].Immediate;
        var stackCode = module.Code(stackInit);
        if (module.HasLocals(stackInit) || stackCode.Count != 9
            || stackCode[0].Op != WasmInstruction.I32Const || !stackCode[1].IsConst(UpstreamStackLimit) || stackCode[2].Op != WasmInstruction.I32Store
            || stackCode[3].Op != WasmInstruction.I32Const || stackCode[4].Op != WasmInstruction.GlobalGet || stackCode[4].Immediate != 0
            || stackCode[5].Op != WasmInstruction.I32Const || stackCode[6].Op != WasmInstruction.I32Sub || stackCode[7].Op != WasmInstruction.I32Store)
            throw Mismatch($"mp_js_init does not start by setting a {UpstreamStackLimit}-byte C stack limit");
        edits[stackInit] = ReplaceConstant(module.Body(stackInit), stackCode[1], stackLimit);

        var thresholds = new List<int>();
        for (int i = 1; i + 1 < initCode.Count; i++)
            if (initCode[i].IsConst(UpstreamThresholdBlocks) && initCode[i - 1].Op == WasmInstruction.I32Const && initCode[i + 1].Op == WasmInstruction.I32Store)
                thresholds.Add(i);
        if (thresholds.Count != 1) throw Mismatch($"mp_js_init does not set one {UpstreamThresholdBlocks}-block allocation threshold");
        var threshold = initCode[thresholds[0]];
        long thresholdAddress = initCode[thresholds[0] - 1].Immediate + initCode[thresholds[0] + 1].Offset;
        edits[init] = ReplaceConstant(module.Body(init), threshold, thresholdBytes < 0 ? -1 : thresholdBytes / BytesPerBlock);

        facts = new GcPatchFacts(gcCollect, start, end, pending, pystackStart, pystackCur, overflow.Value,
            stackCode[0].Immediate + stackCode[2].Offset, thresholdAddress, stackCode[3].Immediate + stackCode[7].Offset, stackBaseGlobal);
        return module.WithBodies(edits);
    }

    private static InvalidDataException Mismatch(string what) =>
        new($"The interpreter binary is not the expected MicroPython build: {what}. The garbage-collection rewrite supports the pinned release only.");

    /// <summary>Addresses of the constant-address accesses with opcode <paramref name="op"/>.</summary>
    private static IEnumerable<long> Addresses(List<WasmInstruction> code, byte op, bool store)
    {
        for (int i = 0; i < code.Count; i++)
            if (code[i].Op == op && WasmInstructions.ConstantAddress(code, i, store) is { } address) yield return address;
    }

    private static bool StoresConstant(List<WasmInstruction> code, byte op, long address, int value)
    {
        for (int i = 2; i < code.Count; i++)
            if (code[i].Op == op && code[i - 1].IsConst(value) && WasmInstructions.ConstantAddress(code, i, store: true) == address) return true;
        return false;
    }

    /// <summary>
    /// <c>gc_collect_start(); saved = pystack bounds and overflow flag; pystack_start = sp &amp; ~3;
    /// pystack_cur = stack base; gc_collect_start(); restore; overflow |= saved; gc_collect_end()</c>. The second
    /// start finds every root already marked and marks what the C stack (the spilled locals of every frame) points at.
    /// </summary>
    private static byte[] CollectBody(uint start, uint end, uint stackBase, long pystackStart, long pystackCur, long overflow)
    {
        const uint savedStart = 0, savedCur = 1, savedOverflow = 2;
        using var s = new MemoryStream();
        WasmWriter.WriteU32(s, 1);
        WasmWriter.WriteU32(s, 3);
        s.WriteByte(0x7F);
        Call(s, start);
        Load(s, overflow); LocalSet(s, savedOverflow);
        Load(s, pystackStart); LocalSet(s, savedStart);
        Load(s, pystackCur); LocalSet(s, savedCur);
        Const(s, 0); s.WriteByte(WasmInstruction.GlobalGet); WasmWriter.WriteU32(s, 0); Const(s, -4); s.WriteByte(WasmInstruction.I32And); Store(s, pystackStart);
        Const(s, 0); Call(s, stackBase); Store(s, pystackCur);
        Call(s, start);
        Const(s, 0); LocalGet(s, savedStart); Store(s, pystackStart);
        Const(s, 0); LocalGet(s, savedCur); Store(s, pystackCur);
        Const(s, 0); Load(s, overflow); LocalGet(s, savedOverflow); s.WriteByte(WasmInstruction.I32Or); Store(s, overflow);
        Call(s, end);
        s.WriteByte(WasmInstruction.EndOp);
        return s.ToArray();

        static void Call(Stream s, uint f) { s.WriteByte(WasmInstruction.Call); WasmWriter.WriteU32(s, f); }
        static void Const(Stream s, int v) { s.WriteByte(WasmInstruction.I32Const); WasmWriter.WriteS32(s, v); }
        static void LocalGet(Stream s, uint l) { s.WriteByte(WasmInstruction.LocalGet); WasmWriter.WriteU32(s, l); }
        static void LocalSet(Stream s, uint l) { s.WriteByte(WasmInstruction.LocalSet); WasmWriter.WriteU32(s, l); }
        static void Load(Stream s, long address) { Const(s, 0); s.WriteByte(WasmInstruction.I32Load); WasmWriter.WriteU32(s, 2); WasmWriter.WriteU32(s, checked((uint)address)); }
        static void Store(Stream s, long address) { s.WriteByte(WasmInstruction.I32Store); WasmWriter.WriteU32(s, 2); WasmWriter.WriteU32(s, checked((uint)address)); }
    }

    /// <summary>
    /// In the sweep, an area other than the first is freed when <c>last_used_block == 0</c>:
    /// <code>area->gc_last_used_block = last_used; block { if (!prev) { prev = area; br } if (last_used) { prev = area; br }
    /// prev->next = area->next; free(area) }</code>. The second test becomes <c>last_used | (atb[0] &amp; 3)</c>, so an
    /// area whose block 0 is in use is kept.
    /// </summary>
    private static byte[] FixSweep(ReadOnlySpan<byte> body, List<WasmInstruction> code, uint free)
    {
        var matches = new List<(int At, uint Area, uint LastUsed)>();
        for (int i = 0; i + 21 < code.Count; i++)
        {
            if (code[i].Op != WasmInstruction.LocalGet || code[i + 1].Op != WasmInstruction.LocalGet || code[i + 2].Op != WasmInstruction.I32Store) continue;
            uint area = (uint)code[i].Immediate, lastUsed = (uint)code[i + 1].Immediate;
            if (!IsEmptyBlock(body, code[i + 3], WasmInstruction.Block)) continue;
            if (!(code[i + 4].Op == WasmInstruction.LocalGet && code[i + 5].Op == WasmInstruction.I32Eqz && IsEmptyBlock(body, code[i + 6], WasmInstruction.If))) continue;
            uint prev = (uint)code[i + 4].Immediate;
            if (!TakesArea(code, i + 7, area, prev)) continue;
            if (!(code[i + 11].Op == WasmInstruction.LocalGet && code[i + 11].Immediate == lastUsed && IsEmptyBlock(body, code[i + 12], WasmInstruction.If))) continue;
            if (!TakesArea(code, i + 13, area, prev)) continue;
            // The unlink and free follow.
            int freeCall = code.FindIndex(i + 17, c => c.Op == WasmInstruction.Call);
            if (freeCall < 0 || code[freeCall].Immediate != free) continue;
            matches.Add((i + 11, area, lastUsed));
        }
        if (matches.Count != 1) throw Mismatch($"found {matches.Count} places where the sweep frees an empty heap area, expected 1");
        var (at, areaLocal, _) = matches[0];

        // The area's allocation table pointer: the sweep reads atb[block / 4] as load(area + X) + (block >> 2).
        var offsets = new HashSet<uint>();
        for (int i = 0; i + 5 < code.Count; i++)
            if (code[i].Op == WasmInstruction.LocalGet && code[i].Immediate == areaLocal && code[i + 1].Op == WasmInstruction.I32Load
                && code[i + 2].Op == WasmInstruction.LocalGet && code[i + 3].IsConst(2) && code[i + 4].Op == WasmInstruction.I32ShrU && code[i + 5].Op == WasmInstruction.I32Add)
                offsets.Add(code[i + 1].Offset);
        if (offsets.Count != 1) throw Mismatch("the sweep's allocation-table access was not found");
        uint atb = offsets.First();

        using var s = new MemoryStream(body.Length + 16);
        s.Write(body[..code[at].End]);
        s.WriteByte(WasmInstruction.LocalGet); WasmWriter.WriteU32(s, areaLocal);
        s.WriteByte(WasmInstruction.I32Load); WasmWriter.WriteU32(s, 2); WasmWriter.WriteU32(s, atb);
        s.WriteByte(WasmInstruction.I32Load8U); WasmWriter.WriteU32(s, 0); WasmWriter.WriteU32(s, 0);
        s.WriteByte(WasmInstruction.I32Const); WasmWriter.WriteS32(s, 3);
        s.WriteByte(WasmInstruction.I32And);
        s.WriteByte(WasmInstruction.I32Or);
        s.Write(body[code[at].End..]);
        return s.ToArray();

        // local.get area; local.set prev; br 1; end
        static bool TakesArea(List<WasmInstruction> code, int i, uint area, uint prev) =>
            code[i].Op == WasmInstruction.LocalGet && code[i].Immediate == area
            && code[i + 1].Op == WasmInstruction.LocalSet && code[i + 1].Immediate == prev
            && code[i + 2].Op == WasmInstruction.Br && code[i + 2].Immediate == 1
            && code[i + 3].Op == WasmInstruction.EndOp;
    }

    private static bool IsEmptyBlock(ReadOnlySpan<byte> body, WasmInstruction instruction, byte op) =>
        instruction.Op == op && instruction.End == instruction.Start + 2 && body[instruction.Start + 1] == 0x40;

    private static byte[] ReplaceConstant(ReadOnlySpan<byte> body, WasmInstruction constant, int value)
    {
        using var s = new MemoryStream(body.Length + 4);
        s.Write(body[..constant.Start]);
        s.WriteByte(WasmInstruction.I32Const);
        WasmWriter.WriteS32(s, value);
        s.Write(body[constant.End..]);
        return s.ToArray();
    }

    /// <summary>The parts of a module the rewriter reads: function types, imports, exports, the table and bodies.</summary>
    private sealed class ModuleView
    {
        private readonly byte[] _wasm;
        private readonly List<(byte Id, int Start, int Length)> _sections;
        private readonly List<(int Params, int Results)> _types = [];
        private readonly List<(string Module, string Name, uint Type)> _functionImports = [];
        private readonly List<uint> _functionTypes = [];
        private readonly Dictionary<string, uint> _functionExports = [];
        private readonly Dictionary<uint, uint> _table = [];
        private readonly List<(int Start, int Length)> _bodies = [];
        private readonly Dictionary<uint, List<WasmInstruction>> _decoded = [];

        public ModuleView(ReadOnlySpan<byte> wasm)
        {
            if (wasm.Length < 8 || !wasm[..4].SequenceEqual("\0asm"u8) || wasm[4] != 1)
                throw new InvalidDataException("Not a WebAssembly 1.0 binary.");
            _wasm = wasm.ToArray();
            _sections = WasmSections.Read(_wasm);
            foreach (var (id, start, length) in _sections)
            {
                var cursor = new WasmCursor(_wasm.AsSpan(start, length));
                switch (id)
                {
                    case 1:
                        for (uint n = cursor.ReadU32(), i = 0; i < n; i++)
                        {
                            if (cursor.ReadByte() != 0x60) throw new InvalidDataException("Only function types are supported.");
                            int p = (int)cursor.ReadU32(); cursor.ReadBytes(p);
                            int r = (int)cursor.ReadU32(); cursor.ReadBytes(r);
                            _types.Add((p, r));
                        }
                        break;
                    case 2:
                        for (uint n = cursor.ReadU32(), i = 0; i < n; i++)
                        {
                            string module = cursor.ReadName(), name = cursor.ReadName();
                            byte kind = cursor.ReadByte();
                            switch (kind)
                            {
                                case 0x00: _functionImports.Add((module, name, cursor.ReadU32())); break;
                                case 0x01: cursor.ReadByte(); cursor.ReadLimits(); break;
                                case 0x02: cursor.ReadLimits(); break;
                                case 0x03: cursor.ReadByte(); cursor.ReadByte(); break;
                                default: throw new InvalidDataException($"Unsupported import kind {kind}.");
                            }
                        }
                        break;
                    case 3:
                        for (uint n = cursor.ReadU32(), i = 0; i < n; i++) _functionTypes.Add(cursor.ReadU32());
                        break;
                    case 7:
                        for (uint n = cursor.ReadU32(), i = 0; i < n; i++)
                        {
                            string name = cursor.ReadName();
                            byte kind = cursor.ReadByte();
                            uint index = cursor.ReadU32();
                            if (kind == 0x00) _functionExports[name] = index;
                        }
                        break;
                    case 9:
                        for (uint n = cursor.ReadU32(), i = 0; i < n; i++)
                        {
                            if (cursor.ReadU32() != 0) throw new InvalidDataException("Only active element segments of function indices are supported.");
                            if (cursor.ReadByte() != WasmInstruction.I32Const) throw new InvalidDataException("Element segment offsets must be constants.");
                            uint offset = (uint)cursor.ReadS64();
                            if (cursor.ReadByte() != WasmInstruction.EndOp) throw new InvalidDataException("Element segment offsets must be constants.");
                            for (uint count = cursor.ReadU32(), k = 0; k < count; k++) _table[offset + k] = cursor.ReadU32();
                        }
                        break;
                    case 10:
                        for (uint n = cursor.ReadU32(), i = 0; i < n; i++)
                        {
                            int size = (int)cursor.ReadU32();
                            _bodies.Add((start + cursor.Position, size));
                            cursor.ReadBytes(size);
                        }
                        break;
                }
            }
            if (_bodies.Count != _functionTypes.Count) throw new InvalidDataException("The function and code sections disagree.");
        }

        public uint ImportedFunctions => (uint)_functionImports.Count;

        public uint DefinedFunctions => (uint)_bodies.Count;

        public uint FunctionImport(string module, string name)
        {
            int found = _functionImports.FindIndex(i => i.Module == module && i.Name == name);
            return found >= 0 ? (uint)found : throw Mismatch($"it does not import {module}.{name}");
        }

        public uint FunctionExport(string name) =>
            _functionExports.TryGetValue(name, out uint index) && index >= ImportedFunctions ? index : throw Mismatch($"it exports no function {name}");

        public uint TableEntry(uint slot) =>
            _table.TryGetValue(slot, out uint f) && f >= ImportedFunctions ? f : throw Mismatch($"table slot {slot} holds no defined function");

        public ReadOnlySpan<byte> Body(uint function)
        {
            if (function < ImportedFunctions || function - ImportedFunctions >= DefinedFunctions) throw Mismatch($"function {function} is not defined in the module");
            var (start, length) = _bodies[(int)(function - ImportedFunctions)];
            return _wasm.AsSpan(start, length);
        }

        public bool HasLocals(uint function) => WasmInstructions.ReadLocals(Body(function), out _).Count != 0;

        public List<WasmInstruction> Code(uint function)
        {
            if (!_decoded.TryGetValue(function, out var code)) _decoded[function] = code = WasmInstructions.Decode(Body(function));
            return code;
        }

        public void RequireType(uint function, int parameters, int results)
        {
            uint type = function < ImportedFunctions ? _functionImports[(int)function].Type : _functionTypes[(int)(function - ImportedFunctions)];
            var (p, r) = _types[(int)type];
            if (p != parameters || r != results) throw Mismatch($"function {function} takes {p} and returns {r} values, expected {parameters} and {results}");
        }

        /// <summary>The module with some function bodies replaced; every other byte is copied.</summary>
        public byte[] WithBodies(Dictionary<uint, byte[]> replaced)
        {
            using var output = new MemoryStream(_wasm.Length + 1024);
            output.Write(_wasm, 0, 8);
            foreach (var (id, start, length) in _sections)
            {
                if (id != 10)
                {
                    WasmWriter.WriteSection(output, id, _wasm.AsSpan(start, length));
                    continue;
                }
                using var code = new MemoryStream(length + 1024);
                WasmWriter.WriteU32(code, DefinedFunctions);
                for (uint d = 0; d < DefinedFunctions; d++)
                {
                    var body = replaced.TryGetValue(ImportedFunctions + d, out var b) ? b : Body(ImportedFunctions + d).ToArray();
                    WasmWriter.WriteU32(code, (uint)body.Length);
                    code.Write(body);
                }
                WasmWriter.WriteSection(output, 10, code.ToArray());
            }
            return output.ToArray();
        }
    }
}
