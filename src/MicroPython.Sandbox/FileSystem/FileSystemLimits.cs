namespace MicroPython.Sandbox.FileSystem;

/// <summary>Caps on what the guest may write. Exceeding one is ENOSPC in the guest, never a crash.</summary>
internal readonly record struct FileSystemLimits(long MaxBytes, int MaxFiles, long MaxFileBytes)
{
    public static FileSystemLimits From(SandboxOptions options) => new(options.MaxFileSystemBytes, options.MaxFiles, options.MaxFileBytes);
}
