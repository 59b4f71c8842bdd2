using MicroPython.Sandbox.Engine;
using MicroPython.Sandbox.Persistence;
using Wasmtime;

namespace MicroPython.Sandbox.Runtime;

// Moving an interpreter's state to another interpreter of the same engine build: saved to a snapshot's payload and
// read back (another process, see SessionSnapshot), or copied directly (a fork).
internal sealed partial class Interpreter
{
    /// <summary>The unit a snapshot saves memory in: chunks that are all zero are left out.</summary>
    internal const int SnapshotChunk = 4096;

    /// <summary>Chunks moved per span, so no span covers more than a few MiB of a memory that may be 2 GiB.</summary>
    private const int ChunksPerSlice = 1024;

    /// <summary>
    /// Writes the interpreter's state: every mutable global and linear memory as runs of chunks that are not all zero
    /// (a fresh memory is mostly zero, so this is about what the session has touched), the runs first, then their bytes.
    /// </summary>
    internal void WriteState(SnapshotPayloadWriter writer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsBroken) throw new InvalidOperationException("Cannot save an interpreter stopped by a trap.");
        var globals = MutableGlobals;
        writer.WriteInt32(globals.Length);
        foreach (var global in globals) writer.WriteInt32((int)global.GetValue()!);

        long length = Memory.Length;
        ClearFreeHeapBlocks(length);
        long chunks = length / SnapshotChunk;
        writer.WriteInt64(length);
        var runs = new List<(long First, long Count)>();
        for (long chunk = 0; chunk < chunks;)
        {
            if (IsZero(chunk)) { chunk++; continue; }
            long first = chunk;
            while (chunk < chunks && !IsZero(chunk)) chunk++;
            runs.Add((first, chunk - first));
        }
        writer.WriteInt32(runs.Count);
        foreach (var (first, count) in runs)
        {
            writer.WriteInt32((int)first);
            writer.WriteInt32((int)count);
        }
        foreach (var (first, count) in runs)
            for (long done = 0; done < count; done += ChunksPerSlice)
                writer.Write(Chunks(first + done, (int)Math.Min(ChunksPerSlice, count - done)));
    }

    /// <summary>
    /// Replaces this interpreter's state (a fresh one of the same engine build) with the one <see cref="WriteState"/>
    /// wrote. The payload is untrusted: the memory size is checked against this interpreter's cap before it grows,
    /// runs must be in order and inside memory, and chunks not in a run become zero. Whatever bytes the memory then
    /// holds, they are guest memory: at worst the guest traps or loops, inside its limits.
    /// </summary>
    internal void ReadState(SnapshotPayloadReader reader)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var globals = MutableGlobals;
        if (reader.ReadInt32() != globals.Length) throw SnapshotPayloadReader.Corrupt("the interpreter's globals do not match this build");
        var values = new int[globals.Length];
        for (int i = 0; i < values.Length; i++) values[i] = reader.ReadInt32();

        long length = reader.ReadInt64();
        if (length <= 0 || length % 65536 != 0 || length > SandboxOptions.MaximumMemoryLimit)
            throw SnapshotPayloadReader.Corrupt($"the memory size {length} is not valid");
        if (length > _memoryLimit)
            throw new SessionSnapshotException(SessionSnapshotError.ExceedsLimits, $"The session snapshot holds {length} bytes of interpreter memory; the restoring session's memory limit is {_memoryLimit} bytes.");
        if (length > Memory.Length)
        {
            try
            {
                Memory.Grow((length - Memory.Length) / 65536);
            }
            catch (WasmtimeException e)
            {
                throw new SessionSnapshotException(SessionSnapshotError.ExceedsLimits, $"The session's memory could not grow to the snapshot's {length} bytes.", e);
            }
        }
        long chunks = length / SnapshotChunk, current = Memory.Length / SnapshotChunk;
        // Runs are separated by at least one zero chunk, so there are at most half as many as chunks (rounded up).
        int runCount = reader.ReadCount((int)((chunks + 1) / 2), "the number of memory runs");
        var runs = new (long First, long Count)[runCount];
        long next = 0;
        for (int i = 0; i < runs.Length; i++)
        {
            long first = (uint)reader.ReadInt32(), count = (uint)reader.ReadInt32();
            if (first < next || count == 0 || first + count > chunks) throw SnapshotPayloadReader.Corrupt("a memory run is out of order or outside memory");
            runs[i] = (first, count);
            next = first + count + 1;
        }
        long cursor = 0;
        foreach (var (first, count) in runs)
        {
            ClearChunks(cursor, first);
            for (long done = 0; done < count; done += ChunksPerSlice)
                reader.Read(Chunks(first + done, (int)Math.Min(ChunksPerSlice, count - done)));
            cursor = first + count;
        }
        ClearChunks(cursor, current);
        for (int i = 0; i < values.Length; i++) globals[i].SetValue(values[i]);
        UpdateSplitBudget();
        IsBroken = false;
    }

    /// <summary>
    /// Makes this interpreter (fresh, of the same engine) a copy of <paramref name="source"/>: its globals and its memory.
    /// When both started from the same start-up image, pages neither has written still read as that image in both, so
    /// only pages either holds its own copy of are copied (see <see cref="ResidentPages.TryReadOwn"/>); otherwise the
    /// whole memory is.
    /// </summary>
    internal void CopyStateFrom(Interpreter source)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long length = source.Memory.Length;
        if (length > _memoryLimit) throw new InvalidOperationException("The source interpreter's memory exceeds this interpreter's cap.");
        if (length > Memory.Length) Memory.Grow((length - Memory.Length) / 65536);
        long pageSize = ResidentPages.PageSize, pages = length / pageSize;
        bool[]? sourceOwn = null, targetOwn = null;
        if (ReferenceEquals(source._engine, _engine) && source.FromImage == FromImage && length % pageSize == 0 && pages <= int.MaxValue)
        {
            sourceOwn = new bool[pages];
            targetOwn = new bool[pages];
            if (!ResidentPages.TryReadOwn(source.Memory.Pointer, sourceOwn) || !ResidentPages.TryReadOwn(Memory.Pointer, targetOwn))
                sourceOwn = targetOwn = null;
        }
        if (sourceOwn is null || targetOwn is null)
        {
            Copy(source.Memory.Pointer, Memory.Pointer, 0, length);
        }
        else
        {
            for (long page = 0; page < pages;)
            {
                if (!sourceOwn[page] && !targetOwn[page]) { page++; continue; }
                long first = page;
                while (page < pages && (sourceOwn[page] || targetOwn[page])) page++;
                Copy(source.Memory.Pointer, Memory.Pointer, first * pageSize, (page - first) * pageSize);
            }
        }
        // Memory cannot shrink: anything past the source's size reads as zero, as it does there.
        if (Memory.Length > length) ClearChunks(length / SnapshotChunk, Memory.Length / SnapshotChunk);
        var from = source.MutableGlobals;
        var to = MutableGlobals;
        for (int i = 0; i < to.Length; i++) to[i].SetValue((int)from[i].GetValue()!);
        UpdateSplitBudget();
        IsBroken = false;

        static unsafe void Copy(nint from, nint to, long offset, long count)
        {
            for (long done = 0; done < count; done += int.MaxValue / 2)
            {
                int n = (int)Math.Min(int.MaxValue / 2, count - done);
                new ReadOnlySpan<byte>((byte*)from + offset + done, n).CopyTo(new Span<byte>((byte*)to + offset + done, n));
            }
        }
    }

    /// <summary>Zeroes the heap blocks the guest does not use (see <see cref="GcHeap"/>), so a snapshot leaves out the garbage they hold.</summary>
    private unsafe void ClearFreeHeapBlocks(long length)
    {
        var memory = (byte*)Memory.Pointer;
        // The first area's descriptor is in static data, at the same place in every interpreter of a build.
        if (_engine.HeapAreaOffset == SandboxEngine.HeapAreaUnknown) _engine.HeapAreaOffset = GcHeap.FindFirstArea(memory, length);
        if (_engine.HeapAreaOffset >= 0) GcHeap.ClearFreeBlocks(memory, length, _engine.HeapAreaOffset);
    }

    private unsafe Span<byte> Chunks(long first, int count) =>
        new((byte*)Memory.Pointer + first * SnapshotChunk, count * SnapshotChunk);

    private bool IsZero(long chunk) => !Chunks(chunk, 1).ContainsAnyExcept((byte)0);

    /// <summary>Zeroes the chunks [<paramref name="from"/>, <paramref name="to"/>) that are not zero already (clearing the others would only make them resident).</summary>
    private void ClearChunks(long from, long to)
    {
        for (long chunk = from; chunk < to; chunk++)
        {
            var span = Chunks(chunk, 1);
            if (span.ContainsAnyExcept((byte)0)) span.Clear();
        }
    }
}
