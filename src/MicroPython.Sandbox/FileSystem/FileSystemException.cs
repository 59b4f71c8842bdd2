namespace MicroPython.Sandbox.FileSystem;

/// <summary>
/// A filesystem operation refused with an error number (Linux numbering, see <see cref="Abi.Errno"/>).
/// Thrown inside the filesystem and turned into a syscall's return value at the ABI boundary.
/// </summary>
internal sealed class FileSystemException(int errno) : Exception($"errno {errno}")
{
    public int Errno { get; } = errno;
}
