namespace MicroPython.Sandbox.Runtime;

// State images: an interpreter's memory and globals kept as host bytes, to start other interpreters in that state
// (a session's start-up image, see Bridge/SessionImages).
internal sealed partial class Interpreter
{
    /// <summary>
    /// Captures this interpreter's state for <see cref="TryLoadStateImage"/>. From the start-up image, only the pages it
    /// holds its own copy of are kept (the others still read as the start-up image, in any interpreter made from it);
    /// otherwise, or where the page map cannot be read, all of memory is.
    /// </summary>
    internal StateImage CaptureStateImage()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsBroken || CurrentRun is not null) throw new InvalidOperationException("Only an idle, working interpreter can be captured.");
        long length = Memory.Length;
        int pageSize = ResidentPages.PageSize;
        int pages = checked((int)(length / pageSize));
        var own = new bool[pages];
        bool diff = FromImage && length % pageSize == 0 && ResidentPages.TryReadOwn(Memory.Pointer, own);
        if (!diff) Array.Fill(own, true);
        // Pages wholly in the dead part of the C stack are left out: nothing reads them before writing them, so the
        // start-up image's bytes there serve as well, and every interpreter loading this image is spared copying them
        // (with a large stack, start-up code's deep calls leave hundreds of KiB there).
        if (DeadStack() is { } dead)
        {
            for (long page = (dead.End + pageSize - 1) / pageSize; (page + 1) * pageSize <= dead.Pointer && page < pages; page++)
                own[page] = false;
        }

        var runs = new List<(int First, int Count)>();
        for (int page = 0; page < pages;)
        {
            if (!own[page]) { page++; continue; }
            int first = page;
            while (page < pages && own[page]) page++;
            runs.Add((first, page - first));
        }
        var bytes = new byte[runs.Sum(r => (long)r.Count * pageSize)];
        long offset = 0;
        foreach (var (first, count) in runs)
        {
            Memory.Span((uint)(first * pageSize), (uint)(count * pageSize)).CopyTo(bytes.AsSpan((int)offset));
            offset += (long)count * pageSize;
        }
        var globals = MutableGlobals.Select(g => (int)g.GetValue()!).ToArray();
        return new StateImage(_engine, length, diff, [.. runs], bytes, globals, pageSize);
    }

    /// <summary>
    /// Puts a fresh interpreter (nothing run yet) into the state <paramref name="image"/> holds. False, with nothing
    /// changed, when it cannot: another engine, a cap too small for the image's memory, or (for an image of only the
    /// pages that differ from the start-up image) an interpreter not made from the start-up image.
    /// </summary>
    internal bool TryLoadStateImage(StateImage image)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!ReferenceEquals(image.Engine, _engine) || image.Length > _memoryLimit || Memory.Length > image.Length
            || image.Diff && !FromImage || image.PageSize != ResidentPages.PageSize || IsBroken || CurrentRun is not null)
            return false;
        if (image.Length > Memory.Length) Memory.Grow((image.Length - Memory.Length) / 65536);
        long offset = 0;
        int pageSize = image.PageSize;
        foreach (var (first, count) in image.Runs)
        {
            image.Bytes.AsSpan((int)offset, count * pageSize).CopyTo(Memory.Span((uint)(first * pageSize), (uint)(count * pageSize)));
            offset += (long)count * pageSize;
        }
        var globals = MutableGlobals;
        for (int i = 0; i < globals.Length; i++) globals[i].SetValue(image.Globals[i]);
        UpdateSplitBudget();
        return true;
    }
}

/// <summary>
/// An interpreter's state as host bytes (see <see cref="Interpreter.CaptureStateImage"/>): its memory size, the pages
/// kept (all of them, or only those that differ from the start-up image) and its mutable globals. Immutable once made,
/// so any number of threads may load it at once.
/// </summary>
internal sealed class StateImage
{
    public StateImage(Engine.SandboxEngine engine, long length, bool diff, (int First, int Count)[] runs, byte[] bytes, int[] globals, int pageSize)
    {
        Engine = engine;
        Length = length;
        Diff = diff;
        Runs = runs;
        Bytes = bytes;
        Globals = globals;
        PageSize = pageSize;
    }

    /// <summary>The engine whose interpreters can load it.</summary>
    public Engine.SandboxEngine Engine { get; }

    /// <summary>The memory size, in bytes.</summary>
    public long Length { get; }

    /// <summary>Whether only pages that differ from the start-up image are kept (so only interpreters made from it can load it).</summary>
    public bool Diff { get; }

    /// <summary>The kept pages as (first page, page count), in order; their bytes follow one another in <see cref="Bytes"/>.</summary>
    public (int First, int Count)[] Runs { get; }

    public byte[] Bytes { get; }

    /// <summary>The mutable globals, in the order of <see cref="Interpreter.MutableGlobals"/>.</summary>
    public int[] Globals { get; }

    public int PageSize { get; }
}
