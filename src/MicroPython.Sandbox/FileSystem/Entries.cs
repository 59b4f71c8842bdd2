namespace MicroPython.Sandbox.FileSystem;

/// <summary>What <c>stat</c> reports about an entry.</summary>
internal readonly record struct StatInfo(bool IsDirectory, long Size, long Inode, bool ReadOnly, DateTimeOffset Modified);

/// <summary>A resolved location: an in-memory node or a path inside a host mount.</summary>
internal abstract class Entry
{
    public abstract bool IsDirectory { get; }

    public abstract StatInfo Stat();
}

/// <summary>A node of the in-memory tree.</summary>
internal sealed class MemoryEntry(Node node) : Entry
{
    public Node Node { get; } = node;

    public override bool IsDirectory => Node is DirectoryNode;

    public override StatInfo Stat() => Node switch
    {
        FileNode f => new StatInfo(false, f.Content.Length, f.Inode, f.HostProvided, f.Modified),
        _ => new StatInfo(true, 0, Node.Inode, false, Node.Modified),
    };
}

/// <summary>A file or directory inside a host mount, named by its path relative to the mount root.</summary>
internal sealed class HostEntry(HostMount mount, string relative, bool isDirectory) : Entry
{
    public HostMount Mount { get; } = mount;

    /// <summary>Path below the mount root with '/' separators; empty for the root itself.</summary>
    public string Relative { get; } = relative;

    public override bool IsDirectory { get; } = isDirectory;

    public string HostPath => Mount.HostPath(Relative);

    public override StatInfo Stat() => Mount.Stat(Relative, IsDirectory);
}
