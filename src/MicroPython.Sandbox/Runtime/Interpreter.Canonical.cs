using Wasmtime;

namespace MicroPython.Sandbox.Runtime;

// Bringing an idle interpreter's memory to one form per logical state before it is saved, so that two saves of the
// same state (after different runs that only read it) give the same bytes: see Canonicalize.
internal sealed partial class Interpreter
{
    private Func<int>? _stackEndExport;

    private Func<int>? _stackBaseExport;
    private Action<int, int>? _setThrewExport;

    private Func<int> StackEnd => _stackEndExport ??= Instance.GetFunction<int>("emscripten_stack_get_end")!;

    private Func<int> StackBase => _stackBaseExport ??= Instance.GetFunction<int>("emscripten_stack_get_base")!;

    /// <summary>
    /// Removes from an idle interpreter's memory what depends on the runs it made rather than on its state: the garbage
    /// the last runs left (collected by calling <paramref name="collect"/>, a reference to MicroPython's
    /// <c>gc.collect</c>, when given), the dead part of the C stack, and (in <see cref="WriteState"/>) the free heap
    /// blocks. Nothing the guest can observe changes: garbage is unreachable, and memory below the stack pointer and in
    /// free blocks is written before it is read. False when the collection did not complete (the reference came from
    /// a snapshot, which is untrusted, and did not name a callable that completes); memory is then only left less
    /// canonical, unless the call trapped (see <see cref="IsBroken"/>).
    /// </summary>
    /// <remarks>
    /// The collection runs as a call into Python, under <paramref name="options"/>' limits: MicroPython collects when
    /// control returns to the host, with no Python frame live, so the code of the last run (kept alive until then by
    /// the allocation threshold) goes too. The C stack is cleared first, so that a conservative scan of it (a build that
    /// collects during a run) finds no stale pointer there.
    /// </remarks>
    internal bool Canonicalize(int? collect, SandboxOptions options)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsBroken || CurrentRun is not null) return false;
        ClearDeadStack();
        bool collected = false;
        if (collect is { } callable)
        {
            var result = CallPython(callable, [], options, null, CancellationToken.None);
            collected = result.Status == RunStatus.Completed && !IsBroken;
            if (!IsBroken) ClearDeadStack();
        }
        if (!IsBroken)
        {
            // The value of the last longjmp (a Python exception) stays in a C global until the next one sets it: at rest
            // (no longjmp in flight) setThrew(0, 0) clears it, and does nothing otherwise.
            (_setThrewExport ??= Instance.GetAction<int, int>("setThrew")!)(0, 0);
            ClearRunLeftovers();
            // Where the last runs' allocations ended: a hint, not state.
            ClearAllocatorResumePoints();
        }
        return collected;
    }

    /// <summary>
    /// Zeroes the map lookup cache, the unused part of the Python stack and the C allocator's free memory, where
    /// <see cref="CanonicalLayout"/> found them: they hold what the last runs looked up, called or freed, and none of
    /// it is read before it is written (the cache's guesses are checked; stack frames are set up when pushed; the
    /// allocator reads only its headers and links).
    /// </summary>
    private unsafe void ClearRunLeftovers()
    {
        var memory = (byte*)Memory.Pointer;
        long length = Memory.Length;
        uint pyStackBytes = (uint)Limits.StackBudget.PyStackWords(StackBytes) * 4;
        var layout = CanonicalLayout.For(_engine, memory, length, pyStackBytes);
        if (layout.LookupCache is >= 0 and var cache && cache + CanonicalLayout.LookupCacheBytes <= length)
            new Span<byte>(memory + cache, CanonicalLayout.LookupCacheBytes).Clear();
        if (layout.PyStack is >= 0 and var words && words + 12 <= length)
        {
            uint start = *(uint*)(memory + words), stop = *(uint*)(memory + words + 4), cur = *(uint*)(memory + words + 8);
            // Checked again on every save: the words are guest memory.
            if (stop - start == pyStackBytes && start <= cur && cur <= stop && stop <= length) new Span<byte>(memory + cur, (int)(stop - cur)).Clear();
        }
        if (layout.CAllocator >= 0) CHeap.ClearFree(memory, length, layout.CAllocator);
        var globals = MutableGlobals;
        foreach (int position in layout.ScratchGlobals) globals[position].SetValue(0);
    }

    /// <summary>
    /// Zeroes the C stack below the stack pointer, [stack end, stack pointer): frames of calls that returned. Only
    /// 4 KiB pieces that are not zero already are written, so pages still shared with the start-up image stay shared.
    /// Nothing is cleared unless the interpreter is idle (see <see cref="DeadStack"/>).
    /// </summary>
    private unsafe void ClearDeadStack()
    {
        if (DeadStack() is not { } dead) return;
        var (end, pointer) = dead;
        var memory = (byte*)Memory.Pointer;
        for (long at = end; at < pointer;)
        {
            long next = Math.Min(pointer, (at / SnapshotChunk + 1) * SnapshotChunk);
            var span = new Span<byte>(memory + at, (int)(next - at));
            if (span.ContainsAnyExcept((byte)0)) span.Clear();
            at = next;
        }
    }

    /// <summary>
    /// The dead part of an idle interpreter's C stack, [end, stack pointer): memory no code reads before writing it
    /// (the collector scans only the live part, from the stack pointer up). Null unless the interpreter is idle the way
    /// the build's stack says it should be: the stack pointer at the stack's base, above its end.
    /// </summary>
    private (long End, long Pointer)? DeadStack()
    {
        long end, pointer, stackBase;
        try
        {
            end = (uint)StackEnd();
            stackBase = (uint)StackBase();
            pointer = (uint)(int)StackPointer.GetValue()!;
        }
        catch (WasmtimeException)
        {
            return null;
        }
        // A stack moved into a block of the C allocator (see MoveStack) ends inside that block, not where Emscripten's
        // own stack ended: its top was rounded down to a page within the block, so the block starts at most a page
        // below top - StackBytes, and what lies under that is the allocator's, not the stack's.
        if (Limits.StackBudget.Moves(StackBytes)) end = Math.Max(end, stackBase - StackBytes + 4096);
        if (pointer != stackBase || pointer <= end || pointer - end > StackBytes || pointer > Memory.Length) return null;
        return (end, pointer);
    }
}
