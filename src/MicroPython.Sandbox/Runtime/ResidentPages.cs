using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// What Linux's <c>/proc/self/pagemap</c> tells about pages of the process's memory, and dropping pages with
/// <c>madvise(MADV_DONTNEED)</c>. A page that was never touched still holds what it was mapped with (the
/// start-up image or zeros), and a page that was only read still reads as that: only pages the process holds
/// its own copy of can differ. A session's snapshot copies only its own pages (reading the others would map
/// them into every session, and a page only read still
/// matches its mapping), and a recycled interpreter's reset compares only its own pages. Elsewhere (or when the file
/// cannot be read) callers copy everything or do not recycle.
/// </summary>
internal static partial class ResidentPages
{
    private const int MadvDontNeed = 4;
    private const ulong Present = 1UL << 63, Swapped = 1UL << 62, FilePage = 1UL << 61;

    private static readonly SafeFileHandle? Pagemap = Open();
    private static bool _scanSupported = true;

    public static int PageSize { get; } = Environment.SystemPageSize;

    /// <summary>
    /// Marks in <paramref name="own"/> each page of [<paramref name="address"/>, +pages) that the process holds its own copy
    /// of (present or swapped out, and not a page of the mapped file): every other page still reads as what it was mapped
    /// with. A page that was only read from a file mapping (a start-up image) is not marked; one only read from a
    /// zero-filled mapping is (it maps the shared zero page), which is harmless to callers that copy what is marked.
    /// </summary>
    public static bool TryReadOwn(nint address, Span<bool> own) => TryRead(address, own, Present | Swapped, FilePage);

    /// <summary>
    /// Finds the pages of [<paramref name="address"/>, +<paramref name="length"/>) that hold this process's own copy
    /// rather than the mapping's original content (pages written since they were mapped). Writes them to
    /// <paramref name="runs"/> as (first page, page count) relative to <paramref name="address"/> and returns how many
    /// runs it wrote; -1 when it cannot tell, or when there are more than <paramref name="maxPages"/> such pages or
    /// more runs than fit.
    /// </summary>
    /// <remarks>
    /// Uses the <c>PAGEMAP_SCAN</c> ioctl (Linux 6.7 and later), which returns only the matching ranges and leaves out
    /// zero pages; on older kernels reads one page-map entry per page, where a zero page counts as the process's own.
    /// </remarks>
    public static int FindOwn(nint address, long length, int maxPages, Span<(int First, int Count)> runs)
    {
        if (Pagemap is null || address % PageSize != 0 || length % PageSize != 0) return -1;
        if (_scanSupported)
        {
            int found = Scan(address, length, maxPages, runs);
            if (found != ScanUnsupported) return found;
            _scanSupported = false;
        }
        int pages = (int)(length / PageSize);
        Span<bool> own = pages <= 16384 ? stackalloc bool[pages] : new bool[pages];
        if (!TryRead(address, own, Present | Swapped, FilePage)) return -1;
        int count = 0, total = 0;
        for (int first = 0; first < pages; first++)
        {
            if (!own[first]) continue;
            int end = first + 1;
            while (end < pages && own[end]) end++;
            total += end - first;
            if (total > maxPages || count == runs.Length) return -1;
            runs[count++] = (first, end - first);
            first = end;
        }
        return count;
    }

    /// <summary>Drops the pages of a private mapping so they read as the mapping's original content again.</summary>
    public static bool Drop(nint address, long length) => length <= 0 || Interop.Libc.Madvise(address, (nuint)length, MadvDontNeed) == 0;

    private static bool TryRead(nint address, Span<bool> marks, ulong anyOf, ulong noneOf)
    {
        if (Pagemap is null || address % PageSize != 0) return false;
        byte[] entries = System.Buffers.ArrayPool<byte>.Shared.Rent(marks.Length * 8);
        try
        {
            long offset = address / PageSize * 8L;
            int wanted = marks.Length * 8, read = 0;
            while (read < wanted)
            {
                int n = RandomAccess.Read(Pagemap, entries.AsSpan(read, wanted - read), offset + read);
                if (n <= 0) return false;
                read += n;
            }
            for (int i = 0; i < marks.Length; i++)
            {
                ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(entries.AsSpan(i * 8));
                marks[i] = (entry & anyOf) != 0 && (entry & noneOf) == 0;
            }
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(entries);
        }
    }

    private const int ScanUnsupported = int.MinValue;

    [StructLayout(LayoutKind.Sequential)]
    private struct PageRegion
    {
        public ulong Start, End, Categories;
    }

    /// <summary>One <c>PAGEMAP_SCAN</c> for present or swapped pages that are neither file pages nor the zero page.</summary>
    private static unsafe int Scan(nint address, long length, int maxPages, Span<(int First, int Count)> runs)
    {
        // Categories and request number from linux/fs.h; the argument is struct pm_scan_arg, twelve u64 fields.
        const ulong IsFile = 1 << 2, IsPresent = 1 << 3, IsSwapped = 1 << 4, IsPfnZero = 1 << 5;
        const ulong PagemapScan = 0xC0606610; // _IOWR('f', 16, struct pm_scan_arg)
        const int EInval = 22, ENotTty = 25;
        int capacity = Math.Min(runs.Length, 256);
        var regions = stackalloc PageRegion[capacity];
        var arg = stackalloc ulong[12];
        arg[0] = 12 * sizeof(ulong);                // size
        arg[1] = 0;                                 // flags
        arg[2] = (ulong)address;                    // start
        arg[3] = (ulong)(address + (nint)length);   // end
        arg[4] = 0;                                 // walk_end, set by the kernel
        arg[5] = (ulong)regions;                    // vec
        arg[6] = (ulong)capacity;                   // vec_len
        arg[7] = (ulong)maxPages + 1;               // max_pages: one more than allowed shows there are too many
        arg[8] = IsFile | IsPfnZero;                // category_inverted: a file page or the zero page...
        arg[9] = IsFile | IsPfnZero;                // category_mask: ...does not match
        arg[10] = IsPresent | IsSwapped;            // category_anyof_mask: present or swapped out
        arg[11] = IsPresent | IsSwapped;            // return_mask
        int found = Interop.Libc.Ioctl(Pagemap!.DangerousGetHandle(), PagemapScan, (nint)arg);
        if (found < 0) return Marshal.GetLastPInvokeError() is EInval or ENotTty ? ScanUnsupported : -1;
        if (arg[4] < arg[3]) return -1; // stopped early: too many pages, or more ranges than fit
        int total = 0;
        for (int i = 0; i < found; i++)
        {
            int first = (int)((regions[i].Start - (ulong)address) / (ulong)PageSize);
            int count = (int)((regions[i].End - regions[i].Start) / (ulong)PageSize);
            if ((total += count) > maxPages) return -1;
            runs[i] = (first, count);
        }
        return found;
    }

    private static SafeFileHandle? Open()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var handle = File.OpenHandle("/proc/self/pagemap", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            // Check it answers (some sandboxes hide it) before relying on it.
            Span<byte> probe = stackalloc byte[8];
            return RandomAccess.Read(handle, probe, 0) == 8 ? handle : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }
}
