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
/// <param name="Alloc">Function index of <c>gc_alloc</c>, whose multi-block search now resumes where it last found room.</param>
/// <param name="AllocHintGlobals">The globals added for that search's resume points (zero means none; any heap state is
/// valid with all of them zero, so a memory rollback clears them).</param>
/// <param name="AllocAmountAddress">Address of <c>gc_alloc_amount</c>, the blocks allocated since the last collection, which
/// the top-level collection now reads.</param>
internal sealed record GcPatchFacts(uint GcCollect, uint CollectStart, uint CollectEnd, long PendingFlag, long PystackStart, long PystackCur,
    long StackOverflowFlag, long StackLimitAddress, long ThresholdAddress, long StackTopAddress, uint StackBaseGlobal,
    uint Alloc, IReadOnlyList<uint> AllocHintGlobals, long AllocAmountAddress);

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
/// and the allocation threshold that triggers a collection;</item>
/// <item>keeps the port's collection when control returns to the host, now triggered by the blocks allocated since the
/// last collection (<see cref="TopLevelThresholdBytes"/>) instead of the flag <c>gc_collect</c> no longer sets;</item>
/// <item>makes an allocation that finds no room grow the heap instead of collecting when the last collection made room
/// for little, and fail without collecting at the cap when it made room for very little (<see cref="GrowShift"/>,
/// <see cref="ThrashShift"/>).</item>
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

    /// <summary>
    /// Bytes allocated since the last collection after which the end of a host call (a run, a session cell, a call into
    /// Python) collects before returning, as the port did with its 16 KiB threshold. Collections during a run wait until
    /// the heap is full (<see cref="ThresholdBytes"/>); without this one, a session's short runs would place each new
    /// object after the last one until the whole first heap area had been written, and every page written is a page each
    /// later capture copies (a session's `x = 1` went from 55 to 290 pages copied, capture 15 to 23 us or more). At the
    /// top level only the interpreter's roots are live, so this collection is short, and the heap's low pages are reused.
    /// </summary>
    public const int TopLevelThresholdBytes = 16 * 1024;

    /// <summary>
    /// When an allocation finds no room and fewer than 1/<c>2^GrowShift</c> (a quarter) of linear memory's bytes were
    /// allocated since the last collection, the heap grows by a new area instead of collecting, as long as the cap allows
    /// it. What was allocated between a collection and the heap filling up again is what that collection made room for,
    /// so a small amount means collecting again would free little: with most of the heap live, MicroPython's allocator
    /// (which only grows the heap after a collection failed to make room) otherwise collects on nearly every allocation,
    /// each collection marking the whole live heap (a list of 100,000 short strings took 11 s instead of 0.3 s). With a
    /// quarter, a collection runs only after at least a quarter of memory was allocated since the last one, so the time
    /// spent collecting stays a bounded share of the time spent allocating, and the heap grows only while less than a
    /// quarter of it is garbage (a churn loop with little live data still runs in the first 1 MiB area).
    /// </summary>
    public const int GrowShift = 2;

    /// <summary>
    /// At the cap (a new area does not fit), an allocation that finds no room fails with MemoryError without collecting
    /// when fewer than 1/<c>2^ThrashShift</c> (1/32) of linear memory's bytes were allocated since the last collection:
    /// that collection made room for less than that, and collecting again would free about as little (a collection of a
    /// 64 MiB heap takes about 0.1 s, so collecting every few allocations would run until the time limit instead of
    /// ending the run). Like a GC-overhead limit: collections at the cap are allowed while each one is followed by at
    /// least 1/32 of memory's worth of allocation. Such a run would have ended with MemoryError just as well without
    /// collections during a run (the heap is full at the cap, and without them it would hold at least as much), so no
    /// run that fits under the cap with collection at the top level only fails. The skipped collection is owed: the
    /// count is raised to the limit, so the next allocation that finds no room collects (a program that catches the
    /// MemoryError and drops its data can go on).
    /// </summary>
    public const int ThrashShift = 5;

    /// <summary>Blocks per WebAssembly page, as a shift: linear memory's size in blocks is <c>memory.size &lt;&lt; 12</c>.</summary>
    private const int BlocksPerPageShift = 12;

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

        // Two globals appended to the module: where the allocator's search for runs of two or more free blocks
        // resumes (see PatchAlloc). Mutable i32 globals, so the module rewriter exports them and start-up images and
        // session snapshots save them with the rest of the interpreter's state.
        var hints = new AllocHints(module.GlobalCount);
        uint alloc = FindAlloc(module, gcCollect);
        long amount = AllocAmount(module.Code(alloc));
        if (!StoresConstant(startCode, WasmInstruction.I32Store, amount, 0))
            throw Mismatch("gc_collect_start does not reset the allocation count gc_alloc compares with its threshold");
        var edits = new Dictionary<uint, byte[]>
        {
            [topLevel] = TopLevelCondition(module.Body(topLevel), top, pending, amount),
            [gcCollect] = CollectBody(start, end, stackBase, pystackStart, pystackCur, overflow.Value),
            [end] = PrependHintReset(FixSweep(module.Body(end), endCode, free), hints),
            [alloc] = PatchAlloc(module, alloc, gcCollect, hints, amount),
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
            stackCode[0].Immediate + stackCode[2].Offset, thresholdAddress, stackCode[3].Immediate + stackCode[7].Offset, stackBaseGlobal,
            alloc, [.. hints.All], amount);
        return module.WithBodies(edits, extraGlobals: AllocHints.Globals);
    }

    /// <summary>gc_alloc: the one function that calls <c>gc_collect</c> more than once (before and after its search).</summary>
    private static uint FindAlloc(ModuleView module, uint gcCollect)
    {
        var found = new List<uint>();
        using var call = new MemoryStream();
        call.WriteByte(WasmInstruction.Call);
        WasmWriter.WriteU32(call, gcCollect);
        byte[] pattern = call.ToArray();
        for (uint f = module.ImportedFunctions; f < module.ImportedFunctions + module.DefinedFunctions; f++)
        {
            if (f == gcCollect) continue;
            // A byte search first (decoding every body would cost start-up time); the decoded code confirms it.
            var body = module.Body(f);
            int first = body.IndexOf(pattern);
            if (first < 0 || body[(first + 1)..].IndexOf(pattern) < 0) continue;
            if (module.Code(f).Count(i => i.Op == WasmInstruction.Call && i.Immediate == gcCollect) >= 2) found.Add(f);
        }
        if (found.Count != 1) throw Mismatch($"found {found.Count} functions that call gc_collect more than once, expected 1 (gc_alloc)");
        module.RequireType(found[0], 2, 1);
        return found[0];
    }

    /// <summary>
    /// gc_alloc's threshold test, <c>gc_alloc_amount &lt; gc_alloc_threshold</c>: two constant-address loads and
    /// <c>i32.lt_u</c>. Returns the first address (the count); the threshold's address is checked by mp_js_init's store.
    /// </summary>
    private static long AllocAmount(List<WasmInstruction> code)
    {
        var found = new List<long>();
        for (int i = 0; i + 4 < code.Count; i++)
        {
            if (code[i + 4].Op != I32LtU || code[i + 1].Op != WasmInstruction.I32Load || code[i + 3].Op != WasmInstruction.I32Load) continue;
            if (WasmInstructions.ConstantAddress(code, i + 1, store: false) is { } count && WasmInstructions.ConstantAddress(code, i + 3, store: false) is { } limit
                && limit == count + 4)
                found.Add(count);
        }
        if (found.Distinct().Count() != 1) throw Mismatch("gc_alloc does not compare its allocation count with a threshold next to it");
        return found[0];
    }

    /// <summary>
    /// The top-level collection tests <c>gc_collect_pending</c> (one <c>i32.load8_u</c>); it now tests
    /// <c>pending | (gc_alloc_amount &gt;= TopLevelThresholdBytes / 16)</c>, so it runs when enough was allocated since
    /// the last collection. The rest (only at the outermost host call, clear the flag, collect) is unchanged.
    /// </summary>
    private static byte[] TopLevelCondition(ReadOnlySpan<byte> body, List<WasmInstruction> code, long pending, long amount)
    {
        int at = code.FindIndex(i => i.Op == WasmInstruction.I32Load8U);
        if (at < 0 || WasmInstructions.ConstantAddress(code, at, store: false) != pending)
            throw Mismatch("the top-level collection does not read its pending flag");
        using var s = new MemoryStream(body.Length + 16);
        s.Write(body[..code[at].End]);
        Const(s, 0);
        s.WriteByte(WasmInstruction.I32Load); WasmWriter.WriteU32(s, 2); WasmWriter.WriteU32(s, checked((uint)amount));
        Const(s, TopLevelThresholdBytes / BytesPerBlock);
        s.WriteByte(I32GeU);
        s.WriteByte(WasmInstruction.I32Or);
        s.Write(body[code[at].End..]);
        return s.ToArray();
    }

    /// <summary>
    /// MicroPython's allocator looks for a run of free blocks from the first free block of each heap area every time
    /// (it remembers a later start only for single blocks). Once collections run during a program, an area holds
    /// live objects with single free blocks scattered between them, and every allocation of two or more blocks walks
    /// all of them again (a loop that builds a list of short strings became 3-4x slower). This adds resume points for
    /// those searches, one for each run length from 2 to 8 blocks (see <see cref="AllocHints"/>), each kept in two new
    /// globals: an area and an allocation-table index before which, from the area the search starts in, no run of that
    /// many free blocks exists.
    /// <list type="bullet">
    /// <item>The search for n blocks starts at the resume point for min(n, 8), when set;</item>
    /// <item>an allocation of exactly that many blocks moves that resume point to where it was found (first fit, so nothing
    /// before it holds a run of that length);</item>
    /// <item>a search that finds nothing while a resume point was set clears it and searches again from the start,
    /// before any collection or heap growth, so space freed behind the resume point is never missed: the point only
    /// changes where a search starts, never whether it succeeds;</item>
    /// <item>every sweep clears it (areas may be freed, and free blocks appear everywhere).</item>
    /// </list>
    /// </summary>
    private static byte[] PatchAlloc(ModuleView module, uint alloc, uint gcCollect, AllocHints hints, long amount)
    {
        var body = module.Body(alloc);
        var code = module.Code(alloc);
        // The search for n >= 2 blocks, before any collection: area = gc_last_free_area; for each area:
        // "if (index = area->gc_last_free_atb_index) < (len = area->gc_alloc_table_byte_len)" then the byte loop.
        var searches = new List<int>();
        for (int i = 3; i + 8 < code.Count; i++)
        {
            if (code[i].Op == WasmInstruction.LocalGet && code[i + 1].Op == WasmInstruction.I32Load && code[i + 1].Offset == 24
                && code[i + 2].Op == WasmInstruction.LocalTee && code[i + 3].Op == WasmInstruction.LocalGet && code[i + 3].Immediate == code[i].Immediate
                && code[i + 4].Op == WasmInstruction.I32Load && code[i + 4].Offset == 8 && code[i + 5].Op == WasmInstruction.LocalTee
                && code[i + 6].Op == I32LtU && code[i + 7].Op == WasmInstruction.If
                && code[i - 1].Op == WasmInstruction.Loop && code[i - 2].Op == WasmInstruction.If && code[i - 3].Op == WasmInstruction.LocalTee
                && code[i - 3].Immediate == code[i].Immediate)
                searches.Add(i);
        }
        if (searches.Count != 1) throw Mismatch($"found {searches.Count} multi-block searches in gc_alloc, expected 1");
        int at = searches[0];
        uint area = (uint)code[at].Immediate, index = (uint)code[at + 2].Immediate;
        // The area list head it starts from: i32.const A; i32.load (gc_last_free_area), stored into the area local.
        if (!(code[at - 5].Op == WasmInstruction.I32Const && code[at - 4].Op == WasmInstruction.I32Load))
            throw Mismatch("gc_alloc's multi-block search does not start from a constant-address area pointer");

        // The block count: the first "local.get n; local.get run; i32.const 1; i32.add; local.tee; i32.le_u" after it.
        int le = code.FindIndex(at, c => c.Op == I32LeU);
        if (le < 5 || code[le - 5].Op != WasmInstruction.LocalGet || !code[le - 3].IsConst(1) || code[le - 2].Op != WasmInstruction.I32Add)
            throw Mismatch("gc_alloc's multi-block search does not compare the run length with the block count");
        uint blocks = (uint)code[le - 5].Immediate;

        // Where the search found nothing: "if (collected_flag & 1) { ...; call gc_collect; ...}" right after the area loop.
        int failed = -1;
        for (int i = at; i + 3 < code.Count; i++)
            if (code[i].Op == WasmInstruction.LocalGet && code[i + 1].IsConst(1) && code[i + 2].Op == WasmInstruction.I32And && code[i + 3].Op == WasmInstruction.If)
            {
                failed = i;
                break;
            }
        int collectCall = failed < 0 ? -1 : code.FindIndex(failed, c => c.Op == WasmInstruction.Call);
        if (collectCall < 0 || code[collectCall].Immediate != gcCollect)
            throw Mismatch("gc_alloc's multi-block search is not followed by a collection");
        // That "if" sits in a block directly inside the retry loop: the loop is two labels out from inside a new "if".
        if (!(code[at - 6].Op == WasmInstruction.Block && code[at - 7].Op == WasmInstruction.Loop))
            throw Mismatch("gc_alloc's multi-block search is not a block inside its retry loop");

        // Where it found a run: "local.get area; i32.const 24; i32.add; local.set; br" (four exits, by position in the byte).
        var exits = new List<int>();
        for (int i = 0; i + 4 < code.Count; i++)
            if (code[i].Op == WasmInstruction.LocalGet && code[i].Immediate == area && code[i + 1].IsConst(24) && code[i + 2].Op == WasmInstruction.I32Add
                && code[i + 3].Op == WasmInstruction.LocalSet && code[i + 4].Op == WasmInstruction.Br)
                exits.Add(i);
        if (exits.Count != 4) throw Mismatch($"found {exits.Count} exits of gc_alloc's multi-block search, expected 4");

        var inserts = new List<(int At, int Skip, byte[] Bytes)>();
        // area = hint area for n ?: gc_last_free_area
        using (var s = new MemoryStream())
        {
            hints.Area(s, blocks);
            s.Write(body[code[at - 5].Start..code[at - 4].End]);
            hints.Area(s, blocks);
            s.WriteByte(Select);
            inserts.Add((code[at - 5].Start, code[at - 4].End - code[at - 5].Start, s.ToArray()));
        }
        // index = max(area->gc_last_free_atb_index, area == hint area ? hint index : 0), without a new local
        using (var s = new MemoryStream())
        {
            var last = body[code[at].Start..code[at + 1].End];
            s.Write(last); HintFor(s, area, blocks, hints);
            s.Write(last); HintFor(s, area, blocks, hints);
            s.WriteByte(I32GtU);
            s.WriteByte(Select);
            inserts.Add((code[at].Start, code[at + 1].End - code[at].Start, s.ToArray()));
        }
        // nothing found: if (any hint is set) { clear them all; continue the retry loop }
        using (var s = new MemoryStream())
        {
            GlobalGet(s, hints.AreaOf(AllocHints.Shortest));
            for (int n = AllocHints.Shortest + 1; n <= AllocHints.Longest; n++) { GlobalGet(s, hints.AreaOf(n)); s.WriteByte(WasmInstruction.I32Or); }
            s.WriteByte(WasmInstruction.If); s.WriteByte(0x40);
            hints.Reset(s);
            s.WriteByte(WasmInstruction.Br); WasmWriter.WriteU32(s, 2);
            s.WriteByte(WasmInstruction.EndOp);
            inserts.Add((code[failed].Start, 0, s.ToArray()));
        }
        // found: if (n == k) { hint k = (area, index) }, for each length k with a resume point of its own
        foreach (int exit in exits)
        {
            using var s = new MemoryStream();
            for (int n = AllocHints.Shortest; n <= AllocHints.Longest; n++)
            {
                LocalGet(s, blocks); Const(s, n); s.WriteByte(I32Eq);
                s.WriteByte(WasmInstruction.If); s.WriteByte(0x40);
                LocalGet(s, area); GlobalSet(s, hints.AreaOf(n));
                LocalGet(s, index); GlobalSet(s, hints.IndexOf(n));
                s.WriteByte(WasmInstruction.EndOp);
            }
            inserts.Add((code[exit].Start, 0, s.ToArray()));
        }

        inserts.AddRange(CollectOrGrow(module, code, gcCollect, amount));

        inserts.Sort((a, b) => a.At.CompareTo(b.At));
        using var output = new MemoryStream(body.Length + 256);
        int position = 0;
        foreach (var (insertAt, skip, bytes) in inserts)
        {
            output.Write(body[position..insertAt]);
            output.Write(bytes);
            position = insertAt + skip;
        }
        output.Write(body[position..]);
        return output.ToArray();

        static void HintFor(Stream s, uint area, uint blocks, AllocHints hints)
        {
            hints.Index(s, blocks); Const(s, 0);
            LocalGet(s, area); hints.Area(s, blocks); s.WriteByte(I32Eq);
            s.WriteByte(Select);
        }
    }

    /// <summary>
    /// gc_alloc's two "nothing found" paths (one for single blocks, one for runs) each collect once and search again,
    /// and only when the search after the collection fails too add a heap area: <c>if (!collected) { gc_collect();
    /// collected = 1; continue } if (!gc_try_add_heap(n_bytes)) return NULL; ...</c>. Each <c>gc_collect()</c> there
    /// becomes
    /// <code>
    /// if (amount &lt; memory blocks &gt;&gt; GrowShift) {
    ///     if (gc_try_add_heap(n_bytes)) skip;                   // grew: the search finds room in the new area
    ///     if (amount &lt; memory blocks &gt;&gt; ThrashShift) { amount = that; skip; }   // at the cap: MemoryError
    /// }
    /// gc_collect();
    /// </code>
    /// A skipped collection leaves <c>collected</c> set, so the search runs again and, finding nothing, the unchanged
    /// code tries to add an area and returns NULL (MemoryError) when it cannot. See <see cref="GrowShift"/> and
    /// <see cref="ThrashShift"/>.
    /// </summary>
    private static IEnumerable<(int At, int Skip, byte[] Bytes)> CollectOrGrow(ModuleView module, List<WasmInstruction> code, uint gcCollect, long amount)
    {
        // The collections: "call gc_collect; i32.const 0; local.set collected; br retry".
        var collects = new List<int>();
        for (int i = 0; i + 3 < code.Count; i++)
            if (code[i].Op == WasmInstruction.Call && code[i].Immediate == gcCollect && code[i + 1].IsConst(0)
                && code[i + 2].Op == WasmInstruction.LocalSet && code[i + 3].Op == WasmInstruction.Br)
                collects.Add(i);
        if (collects.Count != 2) throw Mismatch($"found {collects.Count} collections in gc_alloc's retry loops, expected 2");
        // The growth each is followed by: "local.get n_bytes; call gc_try_add_heap; i32.eqz; br_if" (return NULL).
        var grows = new List<(uint Bytes, uint Function)>();
        foreach (int at in collects)
        {
            int call = code.FindIndex(at + 1, c => c.Op == WasmInstruction.Call);
            if (call < 1 || code[call - 1].Op != WasmInstruction.LocalGet || code[call + 1].Op != WasmInstruction.I32Eqz || code[call + 2].Op != WasmInstruction.BrIf)
                throw Mismatch("a collection in gc_alloc is not followed by an attempt to add a heap area");
            grows.Add(((uint)code[call - 1].Immediate, (uint)code[call].Immediate));
        }
        if (grows.Distinct().Count() != 1 || grows[0].Bytes != 0) throw Mismatch("gc_alloc's two retry loops do not add a heap area the same way");
        uint tryAdd = grows[0].Function;
        module.RequireType(tryAdd, 1, 1);
        if (!module.Code(tryAdd).Any(i => i.Op == WasmInstruction.Call && module.IsSplitBudget((uint)i.Immediate)))
            throw Mismatch("the function gc_alloc adds heap areas with does not ask gc_get_max_new_split for room");

        foreach (int at in collects)
        {
            using var s = new MemoryStream();
            s.WriteByte(WasmInstruction.Block); s.WriteByte(0x40);
            LoadAmount(s); MemoryBlocks(s, GrowShift); s.WriteByte(I32LtU);
            s.WriteByte(WasmInstruction.If); s.WriteByte(0x40);
            LocalGet(s, grows[0].Bytes);
            s.WriteByte(WasmInstruction.Call); WasmWriter.WriteU32(s, tryAdd);
            s.WriteByte(WasmInstruction.BrIf); WasmWriter.WriteU32(s, 1);
            LoadAmount(s); MemoryBlocks(s, ThrashShift); s.WriteByte(I32LtU);
            s.WriteByte(WasmInstruction.If); s.WriteByte(0x40);
            Const(s, 0); MemoryBlocks(s, ThrashShift);
            s.WriteByte(WasmInstruction.I32Store); WasmWriter.WriteU32(s, 2); WasmWriter.WriteU32(s, checked((uint)amount));
            s.WriteByte(WasmInstruction.Br); WasmWriter.WriteU32(s, 2);
            s.WriteByte(WasmInstruction.EndOp);
            s.WriteByte(WasmInstruction.EndOp);
            s.WriteByte(WasmInstruction.Call); WasmWriter.WriteU32(s, gcCollect);
            s.WriteByte(WasmInstruction.EndOp);
            yield return (code[at].Start, code[at].End - code[at].Start, s.ToArray());
        }

        void LoadAmount(Stream s)
        {
            Const(s, 0);
            s.WriteByte(WasmInstruction.I32Load); WasmWriter.WriteU32(s, 2); WasmWriter.WriteU32(s, checked((uint)amount));
        }

        // Linear memory's size in 16-byte blocks, shifted right by shift: memory.size << (12 - shift).
        static void MemoryBlocks(Stream s, int shift)
        {
            s.WriteByte(MemorySize); s.WriteByte(0);
            Const(s, BlocksPerPageShift - shift);
            s.WriteByte(I32Shl);
        }
    }

    /// <summary>Clears the allocator's resume point at the start of <c>gc_collect_end</c> (the sweep).</summary>
    private static byte[] PrependHintReset(byte[] body, AllocHints hints)
    {
        WasmInstructions.ReadLocals(body, out int codeStart);
        using var s = new MemoryStream(body.Length + 8);
        s.Write(body, 0, codeStart);
        hints.Reset(s);
        s.Write(body, codeStart, body.Length - codeStart);
        return s.ToArray();
    }

    /// <summary>
    /// The allocator's resume points: globals appended after the module's own <paramref name="First"/>, an area and an
    /// allocation-table index for each run length from <see cref="Shortest"/> to <see cref="Longest"/> blocks. A search
    /// for n blocks starts at the point for min(n, Longest); only a search for exactly that length moves it (first fit
    /// for n blocks proves there is no run of n or more before where it found one, nothing about shorter runs). One
    /// point per length up to 8 blocks (strings and small containers of up to 128 bytes): with one shared by every
    /// length of three or more, a list of 100,000 ten-fold strings of four blocks each searched every time from the
    /// start of the fragmented area and took 11 s instead of 0.5 s.
    /// </summary>
    private readonly record struct AllocHints(uint First)
    {
        public const int Shortest = 2, Longest = 8;
        public const uint Globals = 2 * (Longest - Shortest + 1);

        public uint AreaOf(int blocks) => First + 2 * (uint)(Math.Min(blocks, Longest) - Shortest);

        public uint IndexOf(int blocks) => AreaOf(blocks) + 1;

        public uint[] All
        {
            get
            {
                var all = new uint[Globals];
                for (uint i = 0; i < Globals; i++) all[i] = First + i;
                return all;
            }
        }

        /// <summary>Pushes the hint area for a search of <c>local blocks</c> blocks.</summary>
        public void Area(Stream s, uint blocks) => Pick(s, blocks, AreaOf);

        public void Index(Stream s, uint blocks) => Pick(s, blocks, IndexOf);

        public void Reset(Stream s)
        {
            for (int n = Shortest; n <= Longest; n++) { Const(s, 0); GlobalSet(s, AreaOf(n)); }
        }

        // The global for min(blocks, Longest): start with Longest's, then for each shorter length k
        // "blocks != k ? value : global k".
        private static void Pick(Stream s, uint blocks, Func<int, uint> global)
        {
            GlobalGet(s, global(Longest));
            for (int n = Longest - 1; n >= Shortest; n--)
            {
                GlobalGet(s, global(n));
                LocalGet(s, blocks); Const(s, n); s.WriteByte(I32Ne);
                s.WriteByte(Select);
                // select keeps the first operand when the condition holds: the value so far.
                // Stack before: [so far, global n, cond] -> so far when blocks != n, else global n.
            }
        }
    }

    private const byte Select = 0x1B, I32Eq = 0x46, I32Ne = 0x47, I32LtU = 0x49, I32GtU = 0x4B, I32LeU = 0x4D, I32GeU = 0x4F, I32Shl = 0x74, MemorySize = 0x3F;

    private static void GlobalGet(Stream s, uint g) { s.WriteByte(WasmInstruction.GlobalGet); WasmWriter.WriteU32(s, g); }
    private static void GlobalSet(Stream s, uint g) { s.WriteByte(WasmInstruction.GlobalSet); WasmWriter.WriteU32(s, g); }
    private static void LocalGet(Stream s, uint l) { s.WriteByte(WasmInstruction.LocalGet); WasmWriter.WriteU32(s, l); }
    private static void Const(Stream s, int v) { s.WriteByte(WasmInstruction.I32Const); WasmWriter.WriteS32(s, v); }

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
        private readonly uint _globalCount;

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
                    case 6:
                        _globalCount = cursor.ReadU32();
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

        /// <summary>Defined globals (the module imports none: an imported global is refused as an unknown import).</summary>
        public uint GlobalCount => _globalCount;

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

        /// <summary>Whether <paramref name="function"/> is <c>gc_get_max_new_split</c>: a body of only <c>i32.const 128 MiB</c>.</summary>
        public bool IsSplitBudget(uint function) =>
            function >= ImportedFunctions && function - ImportedFunctions < DefinedFunctions && !HasLocals(function)
            && Code(function) is [{ Op: WasmInstruction.I32Const, Immediate: 128 * 1024 * 1024 }, { Op: WasmInstruction.EndOp }];

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
        public byte[] WithBodies(Dictionary<uint, byte[]> replaced, uint extraGlobals = 0)
        {
            using var output = new MemoryStream(_wasm.Length + 1024);
            output.Write(_wasm, 0, 8);
            foreach (var (id, start, length) in _sections)
            {
                if (id == 6 && extraGlobals > 0)
                {
                    // Appended mutable i32 globals, initially 0.
                    using var globals = new MemoryStream(length + 8);
                    var content = _wasm.AsSpan(start, length);
                    WasmWriter.WriteU32(globals, _globalCount + extraGlobals);
                    globals.Write(content[WasmSections.LebLength(content)..]);
                    for (uint g = 0; g < extraGlobals; g++) globals.Write([0x7F, 0x01, WasmInstruction.I32Const, 0x00, WasmInstruction.EndOp]);
                    WasmWriter.WriteSection(output, 6, globals.ToArray());
                    continue;
                }
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
