namespace MicroPython.Sandbox.Abi;

/// <summary>
/// Error numbers returned to the guest. They are the numbers MicroPython's <c>errno</c> module and
/// CPython use (Linux numbering), so <c>e.errno == errno.ENOENT</c> holds in guest code.
/// </summary>
/// <remarks>
/// 27 is never returned: the engine's C library reads 27 as EINTR and retries the call forever, and
/// 6 is its EAGAIN. File-too-large is therefore reported as <see cref="ENOSPC"/>.
/// </remarks>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EFAULT = 14;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int EMFILE = 24;
    public const int ENOSPC = 28;
    public const int ESPIPE = 29;
    public const int EROFS = 30;
    public const int ERANGE = 34;
    public const int ENAMETOOLONG = 36;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
}
