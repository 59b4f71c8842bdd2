namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// Host-side state that must roll back together with an interpreter, such as a virtual filesystem
/// owned by it. <see cref="Interpreter.Capture"/> stores what <see cref="Snapshot"/> returns and
/// <see cref="Interpreter.Restore"/> passes it back to <see cref="Restore"/>.
/// </summary>
internal interface IRollbackState
{
    object? Snapshot();

    void Restore(object? snapshot);
}

/// <summary>
/// A saved interpreter state (see <see cref="Interpreter.Capture"/>). The memory buffer comes from the
/// shared array pool and goes back with <see cref="Release"/> once the guarded call is over, so an idle
/// session holds only its linear memory and a busy one usually reuses a pooled buffer. Where the
/// platform tells which pages the process holds its own copy of (<see cref="ResidentPages"/>), only those
/// are copied, and the others are dropped back to their mapped content on restore: a page that was never
/// written since it was mapped (the start-up image, or zeros) still reads as that content, whether or not a
/// run read it.
/// </summary>
internal sealed class InterpreterSnapshot
{
    private bool[] _present = [];
    private bool _byPages;

    public byte[] Buffer { get; private set; } = [];

    public long Length { get; set; }

    public int StackPointer { get; set; }

    public int SplitBudget { get; set; }

    public object? BridgeState { get; set; }

    public object? HostState { get; set; }

    public bool IsValid { get; set; }

    /// <summary>Copies linear memory [0, <paramref name="length"/>) at <paramref name="memory"/>: its own pages, or all of it.</summary>
    public unsafe void CaptureMemory(nint memory, long length)
    {
        Ensure(length);
        Length = length;
        var source = new ReadOnlySpan<byte>((void*)memory, checked((int)length));
        int pageSize = ResidentPages.PageSize, pages = (int)(length / pageSize);
        if (_present.Length < pages) _present = new bool[pages];
        _byPages = length % pageSize == 0 && ResidentPages.TryReadOwn(memory, _present.AsSpan(0, pages));
        if (!_byPages)
        {
            source.CopyTo(Buffer);
            return;
        }
        foreach (var (first, count, present) in Runs(pages))
        {
            if (present) source.Slice(first * pageSize, count * pageSize).CopyTo(Buffer.AsSpan(first * pageSize));
        }
    }

    /// <summary>Puts the captured memory back; pages past the captured length (memory cannot shrink) become zero.</summary>
    public unsafe void RestoreMemory(nint memory, long currentLength)
    {
        var target = new Span<byte>((void*)memory, checked((int)currentLength));
        int pageSize = ResidentPages.PageSize;
        if (!_byPages)
        {
            Buffer.AsSpan(0, (int)Length).CopyTo(target);
        }
        else
        {
            foreach (var (first, count, present) in Runs((int)(Length / pageSize)))
            {
                if (present) Buffer.AsSpan(first * pageSize, count * pageSize).CopyTo(target[(first * pageSize)..]);
                else if (!ResidentPages.Drop(memory + first * pageSize, (long)count * pageSize))
                    throw new InvalidOperationException("The session's memory could not be restored.");
            }
        }
        if (currentLength > Length && !(_byPages && ResidentPages.Drop(memory + (nint)Length, currentLength - Length)))
            target[(int)Length..].Clear();
    }

    /// <summary>Consecutive pages that were all copied (own), or all not, at capture.</summary>
    private IEnumerable<(int First, int Count, bool Present)> Runs(int pages)
    {
        for (int first = 0; first < pages;)
        {
            bool present = _present[first];
            int end = first + 1;
            while (end < pages && _present[end] == present) end++;
            yield return (first, end - first, present);
            first = end;
        }
    }

    /// <summary>Makes <see cref="Buffer"/> at least <paramref name="length"/> bytes long.</summary>
    public void Ensure(long length)
    {
        if (Buffer.Length >= length) return;
        Release();
        Buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(checked((int)length));
    }

    /// <summary>Returns the buffer to the pool; the saved state becomes invalid.</summary>
    public void Release()
    {
        if (Buffer.Length > 0) System.Buffers.ArrayPool<byte>.Shared.Return(Buffer);
        Buffer = [];
        IsValid = false;
        BridgeState = null;
        HostState = null;
    }
}
