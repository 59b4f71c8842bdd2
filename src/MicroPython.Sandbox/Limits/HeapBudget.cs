namespace MicroPython.Sandbox.Limits;

/// <summary>
/// How an interpreter's memory cap is shared out, as pure arithmetic over the cap and the current memory size.
/// MicroPython's garbage-collected heap starts with one area of <see cref="FirstHeapArea"/> bytes and grows by
/// areas that double it. The patched module asks the host how large a new area may be (the split budget global),
/// so the last area fills the cap exactly instead of failing; <see cref="AllocatorReserve"/> stays free for the C
/// allocator (source buffers, error reports). Linear memory grows only through <see cref="TryPlanGrowth"/>.
/// </summary>
/// <param name="MemoryLimit">The interpreter's cap on linear memory, in bytes (whole wasm pages).</param>
internal readonly record struct HeapBudget(long MemoryLimit)
{
    /// <summary>Bytes in one WebAssembly page, the unit linear memory grows by.</summary>
    public const long WasmPageBytes = 65536;

    /// <summary>
    /// Bytes for MicroPython's first heap area: what the official glue gives (1 MiB), or a quarter of a small cap.
    /// The start-up image is captured at one such size, so it is part of the image's identity.
    /// </summary>
    public static long FirstHeapAreaBytes(long memoryLimit) => Math.Min(1024 * 1024, memoryLimit / 4);

    /// <summary>Bytes for MicroPython's first heap area under this cap.</summary>
    public long FirstHeapArea => FirstHeapAreaBytes(MemoryLimit);

    /// <summary>Room kept under the cap for the C allocator: 1/32 of the cap, between 128 KiB and 1 MiB.</summary>
    public long AllocatorReserve => Math.Clamp(MemoryLimit / 32, 128 * 1024, 1024 * 1024);

    /// <summary>How large a new heap area may be when linear memory is <paramref name="memoryBytes"/>: what is left under the cap.</summary>
    public int SplitBudget(long memoryBytes) => (int)Math.Clamp(MemoryLimit - memoryBytes - AllocatorReserve, 0, int.MaxValue);

    /// <summary>
    /// Decides a request to grow linear memory from <paramref name="currentBytes"/> to at least <paramref name="requestedBytes"/>:
    /// false when it would pass the cap (the guest sees an allocation failure), otherwise the whole pages to add
    /// (0 when memory is already large enough). Growth is exactly what was asked, rounded up to a page, because
    /// <see cref="SplitBudget"/> is computed from the memory size.
    /// </summary>
    public bool TryPlanGrowth(uint requestedBytes, long currentBytes, out long pages)
    {
        pages = 0;
        if (requestedBytes <= currentBytes) return true;
        if (requestedBytes > MemoryLimit) return false;
        pages = (requestedBytes - currentBytes + WasmPageBytes - 1) / WasmPageBytes;
        return true;
    }

    /// <summary>
    /// Whether MicroPython's fatal-error path, taken with linear memory at <paramref name="memoryBytes"/>, is memory
    /// exhaustion: with the heap at the cap there is typically no room left even to build the MemoryError, so the
    /// interpreter gives up instead. With room to spare it is an internal error.
    /// </summary>
    public bool FatalErrorMeansMemory(long memoryBytes) => MemoryLimit - memoryBytes < Math.Max(2 * AllocatorReserve, MemoryLimit / 8);
}
