namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// Reads MicroPython's garbage-collected heap from the host, to leave out of a snapshot what the guest no longer uses:
/// blocks the allocation table marks free still hold whatever was last stored in them (garbage is not cleared when it
/// is collected), and after a run that made much garbage that is most of the heap. Zeroing them changes nothing the
/// guest can observe, since the allocator clears blocks when it hands them out, and lets a snapshot skip or compress them.
/// </summary>
/// <remarks>
/// The heap is a list of areas (py/mpstate.h, <c>mp_state_mem_area_t</c>, in this build with a finaliser table and a
/// split heap): eight 32-bit words <c>next, alloc_table_start, alloc_table_byte_len, finaliser_table_start,
/// pool_start, pool_end, last_free_atb_index, last_used_block</c>. The first lives in the interpreter's static data;
/// later ones sit at the start of the memory they describe. The binary has no symbols, so the first is found by its
/// shape: the one place in static data where all of the relations <c>gc_setup_area</c> establishes hold (its integer division leaves under 256 bytes between the tables and the pool). When the
/// shape is not found exactly once, or any area fails a check, nothing is cleared.
/// </remarks>
internal static unsafe class GcHeap
{
    private const int BytesPerBlock = 16, BlocksPerAtb = 4, BlocksPerFtb = 8, AreaBytes = 32, MaxAreas = 1 << 16;

    /// <summary>Where the first area is searched for: static data sits at the start of memory.</summary>
    private const int SearchBytes = 4 << 20;

    /// <summary>The offset of the first area's descriptor in <paramref name="memory"/>, or -1 when it is not found exactly once.</summary>
    public static long FindFirstArea(byte* memory, long length)
    {
        long found = -1, end = Math.Min(length, SearchBytes) - AreaBytes;
        for (long offset = 0; offset <= end; offset += 4)
        {
            if (!IsArea(memory, length, offset, first: true)) continue;
            if (found >= 0) return -1;
            found = offset;
        }
        return found;
    }

    /// <summary>
    /// Zeroes the pool bytes of every free block of every area, starting at the descriptor at <paramref name="firstArea"/>;
    /// false (having cleared only what passed every check) when an area does not check out.
    /// </summary>
    public static bool ClearFreeBlocks(byte* memory, long length, long firstArea)
    {
        long area = firstArea;
        for (int count = 0; area != 0; count++)
        {
            if (count == MaxAreas || !IsArea(memory, length, area, first: count == 0)) return false;
            long atb = Word(memory, area, 1), atbLength = Word(memory, area, 2), pool = Word(memory, area, 4);
            long blocks = atbLength * BlocksPerAtb;
            for (long block = 0; block < blocks;)
            {
                if (State(memory, atb, block) != 0) { block++; continue; }
                long first = block;
                // Whole free allocation-table bytes at a time where the run is long.
                while (block < blocks)
                {
                    if (block % BlocksPerAtb == 0 && block + BlocksPerAtb <= blocks && memory[atb + block / BlocksPerAtb] == 0) block += BlocksPerAtb;
                    else if (State(memory, atb, block) == 0) block++;
                    else break;
                }
                Clear(memory + pool + first * BytesPerBlock, (block - first) * BytesPerBlock);
            }
            area = Word(memory, area, 0);
        }
        return true;
    }

    private static int State(byte* memory, long atb, long block) => (memory[atb + block / BlocksPerAtb] >> (int)(2 * (block % BlocksPerAtb))) & 3;

    /// <summary>Zeroes [<paramref name="start"/>, +<paramref name="count"/>) a page at a time, writing only pages that are not zero already.</summary>
    private static void Clear(byte* start, long count)
    {
        for (long done = 0; done < count; done += 4096)
        {
            var span = new Span<byte>(start + done, (int)Math.Min(4096, count - done));
            if (span.ContainsAnyExcept((byte)0)) span.Clear();
        }
    }

    private static long Word(byte* memory, long area, int index) => *(uint*)(memory + area + index * 4);

    /// <summary>Whether the eight words at <paramref name="offset"/> are an area descriptor as <c>gc_setup_area</c> (and <c>gc_add</c>) leave it.</summary>
    private static bool IsArea(byte* memory, long length, long offset, bool first)
    {
        if (offset < 0 || offset % 4 != 0 || offset + AreaBytes > length) return false;
        long next = Word(memory, offset, 0), atb = Word(memory, offset, 1), atbLength = Word(memory, offset, 2), ftb = Word(memory, offset, 3);
        long pool = Word(memory, offset, 4), poolEnd = Word(memory, offset, 5), lastFree = Word(memory, offset, 6), lastUsed = Word(memory, offset, 7);
        long blocks = atbLength * BlocksPerAtb, ftbLength = (blocks + BlocksPerFtb - 1) / BlocksPerFtb;
        return atbLength > 0 && atb > 0 && ftb == atb + atbLength + 1 && pool >= ftb + ftbLength && poolEnd <= length
            && poolEnd - pool == blocks * BytesPerBlock && pool - (ftb + ftbLength) < 256
            && lastFree <= atbLength && lastUsed <= blocks
            && (next == 0 || next % 4 == 0 && next + AreaBytes <= length)
            // An added area's descriptor is at the start of its own memory, just before its table; the first one is in static
            // data, apart from its table (so the search does not also find the added areas, which a heap grown during a
            // run has within the searched range).
            && (first ? atb != offset + AreaBytes && (atb >= offset + AreaBytes || atb + (pool - atb) <= offset) : atb == offset + AreaBytes);
    }
}
