using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Abi;

/// <summary>Writes Emscripten's wasm32 <c>struct stat</c> (96 bytes) into guest memory.</summary>
internal static class StatWriter
{
    public const int Size = 96;
    private const int DirectoryMode = 0x4000 | 0x1ED; // S_IFDIR | 0755
    private const int ReadOnlyDirectoryMode = 0x4000 | 0x16D; // S_IFDIR | 0555
    private const int FileMode = 0x8000 | 0x1A4;      // S_IFREG | 0644
    private const int ReadOnlyFileMode = 0x8000 | 0x124; // S_IFREG | 0444

    public static void Write(GuestMemory memory, uint buf, bool isDirectory, long size, long inode, bool readOnly = false, DateTimeOffset? modified = null)
    {
        var span = memory.Span(buf, Size);
        span.Clear();
        memory.WriteInt32(buf + 4, isDirectory ? (readOnly ? ReadOnlyDirectoryMode : DirectoryMode) : readOnly ? ReadOnlyFileMode : FileMode);
        memory.WriteInt32(buf + 8, 1);
        memory.WriteInt64(buf + 24, size);
        memory.WriteInt32(buf + 32, 4096);
        memory.WriteInt32(buf + 36, (int)((size + 511) / 512));
        long seconds = (modified ?? DateTimeOffset.UnixEpoch).ToUnixTimeSeconds();
        memory.WriteInt64(buf + 40, seconds);
        memory.WriteInt64(buf + 56, seconds);
        memory.WriteInt64(buf + 72, seconds);
        memory.WriteInt64(buf + 88, inode);
    }
}
