using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// Which pages of the process's memory are present, from Linux's <c>/proc/self/pagemap</c>, and dropping
/// pages with <c>madvise(MADV_DONTNEED)</c>. A session's snapshot copies only the present pages of its
/// linear memory: a page that was never touched still holds what it was mapped with (the start-up image
/// or zeros), and reading it just to copy it would map it into the process and count it as resident in
/// every session. Dropping such a page later brings back exactly that content. Elsewhere (or when the
/// file cannot be read) callers copy everything.
/// </summary>
internal static partial class ResidentPages
{
    private const int MadvDontNeed = 4;
    private const ulong Present = 1UL << 63, Swapped = 1UL << 62;

    private static readonly SafeFileHandle? Pagemap = Open();

    public static int PageSize { get; } = Environment.SystemPageSize;

    public static bool IsSupported => Pagemap is not null;

    /// <summary>Marks in <paramref name="present"/> each page of [<paramref name="address"/>, +pages) that is present or swapped out.</summary>
    public static bool TryRead(nint address, Span<bool> present)
    {
        if (Pagemap is null || address % PageSize != 0) return false;
        byte[] entries = System.Buffers.ArrayPool<byte>.Shared.Rent(present.Length * 8);
        try
        {
            long offset = address / PageSize * 8L;
            int wanted = present.Length * 8, read = 0;
            while (read < wanted)
            {
                int n = RandomAccess.Read(Pagemap, entries.AsSpan(read, wanted - read), offset + read);
                if (n <= 0) return false;
                read += n;
            }
            for (int i = 0; i < present.Length; i++)
                present[i] = (BinaryPrimitives.ReadUInt64LittleEndian(entries.AsSpan(i * 8)) & (Present | Swapped)) != 0;
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

    /// <summary>Drops the pages of a private mapping so they read as the mapping's original content again.</summary>
    public static bool Drop(nint address, long length) => length <= 0 || madvise(address, (nuint)length, MadvDontNeed) == 0;

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

    [LibraryImport("libc", SetLastError = true)]
    private static partial int madvise(nint address, nuint length, int advice);
}
