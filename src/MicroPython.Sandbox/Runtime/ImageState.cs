using Wasmtime;

namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// What a sandbox made from the start-up image looks like before its first run: every byte of its linear
/// memory and the value of every mutable global. <see cref="Interpreter.TryResetToImage"/> uses it to turn a
/// finished one-shot interpreter back into a fresh one, so the next sandbox skips instantiation.
/// </summary>
internal sealed class ImageState
{
    /// <summary>
    /// Pages a reset may compare and copy back; an interpreter that wrote more (a large program) costs more
    /// to reset than to replace, so it is disposed instead.
    /// </summary>
    public const int MaxOwnPages = 192;

    private ImageState(byte[] memory, (Global Global, int Value)[] globals)
    {
        Memory = memory;
        GlobalValues = globals.Select(g => g.Value).ToArray();
    }

    /// <summary>The image's linear memory, byte for byte.</summary>
    public byte[] Memory { get; }

    /// <summary>The image's mutable globals, in the order of <see cref="Engine.SandboxEngine.MutableGlobals"/>.</summary>
    public int[] GlobalValues { get; }

    /// <summary>
    /// Reads the state of <paramref name="fresh"/>, an interpreter just made from the image that has not run; null when
    /// the platform cannot tell which pages a run wrote (see <see cref="ResidentPages.FindOwn"/>) or when the image
    /// is not mapped copy-on-write, so a reset could not find the written pages cheaply.
    /// </summary>
    public static ImageState? Capture(Interpreter fresh, IReadOnlyList<Global> globals)
    {
        Span<(int, int)> runs = stackalloc (int, int)[RunCapacity];
        if (ResidentPages.FindOwn(fresh.Memory.Pointer, fresh.Memory.Length, MaxOwnPages / 2, runs) < 0) return null;
        long length = fresh.Memory.Length;
        var memory = fresh.Memory.Span(0, (uint)length).ToArray();
        return new ImageState(memory, globals.Select(g => (g, (int)g.GetValue()!)).ToArray());
    }

    /// <summary>
    /// Copies back every page of the memory at <paramref name="address"/> (as long as <see cref="Memory"/>) that differs
    /// from the image. Only pages the process holds its own copy of can differ: the others still read as the mapped
    /// image. False when there were more than <see cref="MaxOwnPages"/> of them or the page map could not be read.
    /// With <paramref name="dropUnchanged"/>, own pages that still match the image are given back (see below).
    /// </summary>
    public unsafe bool RestoreMemory(nint address, bool dropUnchanged)
    {
        Span<(int First, int Count)> runs = stackalloc (int, int)[RunCapacity];
        int found = ResidentPages.FindOwn(address, Memory.Length, MaxOwnPages, runs);
        if (found < 0) return false;
        int pageSize = ResidentPages.PageSize;
        var target = new Span<byte>((void*)address, Memory.Length);
        foreach (var (first, count) in runs[..found])
        {
            int unchanged = -1; // first page of the current stretch of own pages that match the image and can be dropped
            for (int page = first; page < first + count; page++)
            {
                var original = Memory.AsSpan(page * pageSize, pageSize);
                var current = target.Slice(page * pageSize, pageSize);
                bool same = current.SequenceEqual(original);
                if (same && dropUnchanged)
                {
                    if (unchanged < 0) unchanged = page;
                    continue;
                }
                DropStretch(address, ref unchanged, page);
                if (!same) original.CopyTo(current);
            }
            DropStretch(address, ref unchanged, first + count);
        }
        return true;
    }

    /// <summary>
    /// Gives back the own pages [<paramref name="unchanged"/>, <paramref name="end"/>) that match the image, such as those
    /// the pool's reset of a reused slot leaves, so later resets do not compare them again: they read as the image.
    /// Only on an interpreter's first reset; pages a run writes every time would otherwise fault in every run.
    /// </summary>
    private static void DropStretch(nint address, ref int unchanged, int end)
    {
        if (unchanged < 0) return;
        int pageSize = ResidentPages.PageSize;
        ResidentPages.Drop(address + unchanged * pageSize, (long)(end - unchanged) * pageSize);
        unchanged = -1;
    }

    /// <summary>Separate ranges of own pages a reset handles; more means a scattered run, replaced rather than reset.</summary>
    private const int RunCapacity = 64;
}
