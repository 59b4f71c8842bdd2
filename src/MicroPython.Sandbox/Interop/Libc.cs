using System.Runtime.InteropServices;

namespace MicroPython.Sandbox.Interop;

/// <summary>
/// The few C library calls the sandbox makes on Linux, in one place. Callers check <see cref="OperatingSystem.IsLinux"/>
/// first; the constants are Linux's generic (x86-64 and arm64) values.
/// </summary>
internal static partial class Libc
{
    public const int ProtNone = 0, MapPrivate = 0x02, MapAnonymous = 0x20, MapNoReserve = 0x4000;

    /// <summary><c>mmap</c>'s failure value, <c>MAP_FAILED</c>.</summary>
    public const nint MapFailed = -1;

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int MunmapCore(nint address, nuint length);

    /// <summary>
    /// Unmaps a range this process mapped. A failure here means the address or length is wrong, which would leave
    /// address space reserved for nothing, so it is not ignored.
    /// </summary>
    public static void Munmap(nint address, nuint length)
    {
        if (MunmapCore(address, length) != 0)
            throw new InvalidOperationException($"munmap failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    public static partial int Madvise(nint address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(nint fd, ulong request, nint argument);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);
}
