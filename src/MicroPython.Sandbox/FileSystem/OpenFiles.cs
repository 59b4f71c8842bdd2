using MicroPython.Sandbox.Abi;

namespace MicroPython.Sandbox.FileSystem;

/// <summary>An entry of the open-file table: a file or directory the guest holds a descriptor for.</summary>
internal abstract class OpenFile
{
    public const int SeekSet = 0, SeekCurrent = 1, SeekEnd = 2;

    /// <summary>The largest file offset accepted.</summary>
    public const long MaxOffset = 1L << 53;

    public bool CanRead { get; init; }

    public bool CanWrite { get; init; }

    public bool Append { get; init; }

    public long Position { get; protected set; }

    public virtual int Read(Span<byte> destination) => throw new FileSystemException(Errno.EBADF);

    public virtual int Write(ReadOnlySpan<byte> source) => throw new FileSystemException(Errno.EBADF);

    public abstract StatInfo Stat();

    protected abstract long Length { get; }

    public virtual long Seek(long offset, int whence)
    {
        long target = whence switch
        {
            SeekSet => offset,
            SeekCurrent => Position + offset,
            SeekEnd => Length + offset,
            _ => throw new FileSystemException(Errno.EINVAL),
        };
        // Like Emscripten, offsets are kept below 2^53, which also keeps position + length from overflowing.
        if (target < 0 || target > MaxOffset) throw new FileSystemException(Errno.EINVAL);
        Position = target;
        return target;
    }

    public virtual void Close() { }

    /// <summary>A copy for a filesystem snapshot, pointing at the cloned nodes, owned by <paramref name="fs"/>.</summary>
    public abstract OpenFile Clone(Func<Node, Node> map, VirtualFileSystem fs);
}

/// <summary>An open in-memory file. Writes are checked against the filesystem's caps before any byte lands.</summary>
internal sealed class MemoryFile : OpenFile
{
    private readonly VirtualFileSystem _fs;

    public MemoryFile(VirtualFileSystem fs, FileNode node, long position = 0)
    {
        _fs = fs;
        Node = node;
        Position = position;
        node.OpenCount++;
    }

    public FileNode Node { get; }

    protected override long Length => Node.Content.Length;

    public override int Read(Span<byte> destination)
    {
        if (!CanRead) throw new FileSystemException(Errno.EBADF);
        int count = Node.Content.Read(Position, destination);
        Position += count;
        return count;
    }

    public override int Write(ReadOnlySpan<byte> source)
    {
        if (!CanWrite) throw new FileSystemException(Errno.EBADF);
        long position = Append ? Node.Content.Length : Position;
        if (source.Length > 0)
        {
            _fs.ReserveGrowth(Node, position + source.Length);
            Node.Content = Node.Content.Writable();
            Node.Content.Write(position, source);
            Node.Written = true;
            Node.Modified = DateTimeOffset.UtcNow;
        }
        Position = position + source.Length;
        return source.Length;
    }

    public override StatInfo Stat() => new MemoryEntry(Node).Stat();

    public override void Close() => _fs.ReleaseHandle(Node);

    public override OpenFile Clone(Func<Node, Node> map, VirtualFileSystem fs) =>
        new MemoryFile(fs, (FileNode)map(Node), Position) { CanRead = CanRead, CanWrite = CanWrite, Append = Append };
}

/// <summary>An open file inside a host mount. The host stream is opened on first use, so snapshots can copy the handle.</summary>
internal sealed class HostFile : OpenFile
{
    private readonly VirtualFileSystem _fs;
    private FileStream? _stream;

    public HostFile(VirtualFileSystem fs, HostEntry entry, long position = 0)
    {
        _fs = fs;
        Entry = entry;
        Position = position;
    }

    public HostEntry Entry { get; }

    protected override long Length => Stream().Length;

    /// <summary>Opens the host stream now, so that open() itself reports a refused file.</summary>
    public void EnsureOpen() => Stream();

    private FileStream Stream()
    {
        if (_stream is not null) return _stream;
        try
        {
            // The entry was checked (no links on the way) when it was resolved; open only that real path.
            _stream = HostFileOpener.Open(Entry.HostPath, CanWrite);
            _fs.HostStreamOpened(this);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileSystemException(HostMount.ErrnoFor(e));
        }
        return _stream;
    }

    public override int Read(Span<byte> destination)
    {
        if (!CanRead) throw new FileSystemException(Errno.EBADF);
        try
        {
            var stream = Stream();
            stream.Position = Position;
            int count = stream.Read(destination);
            Position += count;
            return count;
        }
        catch (IOException e)
        {
            throw new FileSystemException(HostMount.ErrnoFor(e));
        }
    }

    public override int Write(ReadOnlySpan<byte> source)
    {
        if (!CanWrite) throw new FileSystemException(Errno.EBADF);
        try
        {
            var stream = Stream();
            long position = Append ? stream.Length : Position;
            _fs.ReserveHostWrite(stream.Length, position + source.Length, source.Length);
            stream.Position = position;
            stream.Write(source);
            stream.Flush();
            Position = position + source.Length;
            return source.Length;
        }
        catch (IOException e)
        {
            throw new FileSystemException(HostMount.ErrnoFor(e));
        }
    }

    public void Truncate()
    {
        try { Stream().SetLength(0); }
        catch (IOException e) { throw new FileSystemException(HostMount.ErrnoFor(e)); }
    }

    public override StatInfo Stat() => Entry.Stat();

    public override void Close()
    {
        if (_stream is null) return;
        _fs.HostStreamClosed(this);
        ReleaseStream();
    }

    /// <summary>Closes the host stream only; the descriptor stays valid and reopens it on next use.</summary>
    public void ReleaseStream()
    {
        _stream?.Dispose();
        _stream = null;
    }

    public override OpenFile Clone(Func<Node, Node> map, VirtualFileSystem fs) =>
        new HostFile(fs, Entry, Position) { CanRead = CanRead, CanWrite = CanWrite, Append = Append };
}

/// <summary>An open directory, read with getdents64. The listing is taken on the first read and dropped on a rewind.</summary>
internal sealed class DirectoryHandle(Entry directory, string guestPath) : OpenFile
{
    public const byte TypeDirectory = 4, TypeFile = 8;

    private List<(string Name, byte Type, long Inode)>? _entries;

    public Entry Directory { get; } = directory;

    /// <summary>Absolute guest path, the base for *at() calls made relative to this descriptor.</summary>
    public string GuestPath { get; } = guestPath;

    protected override long Length => 0;

    public override int Read(Span<byte> destination) => throw new FileSystemException(Errno.EISDIR);

    public override StatInfo Stat() => Directory.Stat();

    public override long Seek(long offset, int whence)
    {
        long result = base.Seek(offset, whence);
        if (result == 0) _entries = null;
        return result;
    }

    /// <summary>The entries of the listing, "." and ".." first; <see cref="OpenFile.Position"/> counts records of directory records.</summary>
    public List<(string Name, byte Type, long Inode)> Entries() => _entries ??= VirtualFileSystem.ListDirectory(Directory);

    public void Advance(long bytes) => Position += bytes;

    public override OpenFile Clone(Func<Node, Node> map, VirtualFileSystem fs) =>
        new DirectoryHandle(Directory is MemoryEntry m ? new MemoryEntry(map(m.Node)) : Directory, GuestPath) { CanRead = true };
}
