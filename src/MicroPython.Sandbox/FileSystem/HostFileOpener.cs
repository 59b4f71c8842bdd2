using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using MicroPython.Sandbox.Abi;

namespace MicroPython.Sandbox.FileSystem;

/// <summary>
/// Opens a regular file inside a mount. On Linux the file is opened with O_NOFOLLOW (a link swapped in
/// after the path was checked is refused by the kernel) and O_NONBLOCK (a FIFO cannot block the host),
/// and anything that is not seekable (FIFOs, devices, sockets) is refused with EACCES.
/// </summary>
internal static partial class HostFileOpener
{
    private const int ORdOnly = 0, ORdWr = 2, ONonBlock = 0x800, OCloExec = 0x80000;

    public static FileStream Open(string path, bool write)
    {
        var access = write ? FileAccess.ReadWrite : FileAccess.Read;
        FileStream stream;
        if (OperatingSystem.IsLinux() && NoFollowFlag() is int noFollow)
        {
            int fd = Interop.Libc.Open(path, (write ? ORdWr : ORdOnly) | ONonBlock | OCloExec | noFollow);
            if (fd < 0)
            {
                int error = Marshal.GetLastPInvokeError();
                // Linux's own numbers are the ones the guest uses; ELOOP means the last name was a link.
                throw new FileSystemException(error is Errno.ENOENT or Errno.EISDIR or Errno.ENOSPC ? error : Errno.EACCES);
            }
            stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), access, bufferSize: 0);
        }
        else
        {
            stream = new FileStream(path, FileMode.Open, access, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw new FileSystemException(Errno.EACCES);
        }
        return stream;
    }

    /// <summary>O_NOFOLLOW differs between Linux architectures; null where it is not known.</summary>
    private static int? NoFollowFlag() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x20000,
        Architecture.Arm64 or Architecture.Arm => 0x8000,
        _ => null,
    };
}
