namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// Reads the C allocator's heap (Emscripten's dlmalloc) from the host, to zero what its free chunks still hold: the
/// bytes of freed blocks (the copies of a run's source text, the blocks of a heap area MicroPython gave back) stay
/// where they were, so two snapshots of the same state would differ by them. Only bytes dlmalloc never reads are
/// cleared: past a free chunk's header and list links (the designated victim, in no list, has none), past the top
/// chunk's header, and the stale links of small bins that are empty.
/// </summary>
/// <remarks>
/// The allocator's state (<c>malloc_state</c>: <c>smallmap, treemap, dvsize, topsize, least_addr, dv, top, trim_check,
/// release_checks, magic, smallbins[66], ...</c>) lives in static data and the binary has no symbols, so it is found
/// by its shape: the only place where the top chunk's header holds <c>topsize</c>, every small bin the bitmap marks
/// links chunks inside the heap, and every other one is empty (its links point at itself) or keeps stale links into
/// the heap. Chunks are then walked
/// from <c>least_addr</c> by their sizes, and nothing is cleared unless the walk ends exactly at the top chunk with
/// every header consistent.
/// </remarks>
internal static unsafe class CHeap
{
    private const int SmallBins = 32, StateBytes = 40 + (SmallBins + 1) * 8, MinChunk = 16, SmallLimit = 256;
    private const uint InUse = 2, PreviousInUse = 1;

    /// <summary>Most chunks walked: far more than the host and MicroPython allocate; a longer walk is not trusted.</summary>
    private const int MaxChunks = 1 << 20;

    /// <summary>The offset of the allocator's state in <paramref name="memory"/> (searched below <paramref name="searchEnd"/>), or -1 when it is not found exactly once.</summary>
    public static long FindState(byte* memory, long length, long searchEnd)
    {
        long found = -1, end = Math.Min(searchEnd, length) - StateBytes;
        for (long offset = 0; offset <= end; offset += 4)
        {
            if (!IsState(memory, length, offset)) continue;
            if (found >= 0) return -1;
            found = offset;
        }
        return found;
    }

    /// <summary>
    /// Zeroes the unused bytes of every free chunk and of the top chunk, after checking the whole chunk list; false
    /// (nothing cleared) when a check fails.
    /// </summary>
    public static bool ClearFree(byte* memory, long length, long state)
    {
        if (!IsState(memory, length, state)) return false;
        long top = Word(memory, state + 24), topSize = Word(memory, state + 12), chunk = Word(memory, state + 16), dv = Word(memory, state + 20);
        var free = new List<(long Start, long End)>();
        for (int count = 0; chunk != top; count++)
        {
            if (count == MaxChunks || chunk % 8 != 0 || chunk > top - MinChunk) return false;
            long head = Word(memory, chunk + 4), size = head & ~7L;
            if (size < MinChunk || chunk + size > top) return false;
            if ((head & InUse) == 0)
            {
                // A free chunk: the next one records its size and that its predecessor is free.
                long next = chunk + size;
                if (Word(memory, next) != size || (Word(memory, next + 4) & PreviousInUse) != 0) return false;
                // The designated victim (the remainder of the last split) is in no bin: its links are stale.
                long links = chunk == dv ? 0 : size < SmallLimit ? 8 : 24;
                if (8 + links < size) free.Add((chunk + 8 + links, next));
            }
            chunk += size;
        }
        free.Add((top + 8, top + topSize));
        foreach (var (start, end) in free) Clear(memory + start, end - start);
        // A small bin that lost its last chunk keeps links to it until the next insert, which does not read them:
        // made to point at the bin itself, as an empty bin's do from the start.
        long smallMap = Word(memory, state);
        for (int i = 0; i < SmallBins; i++)
        {
            if (((smallMap >> i) & 1) != 0) continue;
            uint bin = (uint)(state + 40 + 8L * i);
            *(uint*)(memory + bin + 8) = bin;
            *(uint*)(memory + bin + 12) = bin;
        }
        return true;
    }

    private static bool IsState(byte* memory, long length, long offset)
    {
        if (offset < 0 || offset + StateBytes > length) return false;
        long smallMap = Word(memory, offset), topSize = Word(memory, offset + 12), least = Word(memory, offset + 16);
        long top = Word(memory, offset + 24), dv = Word(memory, offset + 20), dvSize = Word(memory, offset + 8);
        if (least == 0 || least % 8 != 0 || top < least || top % 8 != 0 || topSize < MinChunk || top + topSize + 8 > length) return false;
        if (Word(memory, top + 4) != (topSize | PreviousInUse)) return false;
        if (dv != 0 && (dv < least || dv + dvSize > top) || dv == 0 && dvSize != 0) return false;
        int empty = 0;
        for (int i = 0; i < SmallBins; i++)
        {
            long bin = offset + 40 + 8L * i, forward = Word(memory, bin + 8), back = Word(memory, bin + 12);
            bool self = forward == bin && back == bin, marked = ((smallMap >> i) & 1) != 0;
            if (self) empty++;
            // A bin marked in the bitmap links chunks below the top; one that was emptied by taking its last chunk
            // keeps stale links (dlmalloc only clears the bit), which still point into the heap.
            if (marked ? self || forward < least || forward >= top || back < least || back >= top
                : !self && (forward < least || forward > top || back < least || back > top)) return false;
        }
        // Bins 0 and 1 are never used (no chunk is that small), so at least those two are empty.
        return empty >= 2;
    }

    private static long Word(byte* memory, long address) => *(uint*)(memory + address);

    /// <summary>Zeroes [<paramref name="start"/>, +<paramref name="count"/>) a page at a time, writing only pieces that are not zero already.</summary>
    private static void Clear(byte* start, long count)
    {
        for (long done = 0; done < count;)
        {
            long next = Math.Min(count, ((long)(start + done) / 4096 + 1) * 4096 - (long)start);
            var span = new Span<byte>(start + done, (int)(next - done));
            if (span.ContainsAnyExcept((byte)0)) span.Clear();
            done = next;
        }
    }
}
