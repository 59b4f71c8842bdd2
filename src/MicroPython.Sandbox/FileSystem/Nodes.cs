namespace MicroPython.Sandbox.FileSystem;

/// <summary>A node of the in-memory tree.</summary>
internal abstract class Node(long inode)
{
    public long Inode { get; } = inode;

    public DateTimeOffset Modified { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>An in-memory directory.</summary>
internal sealed class DirectoryNode(long inode) : Node(inode)
{
    public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

    /// <summary>True for directories the host set up (the root, parents of host files): the guest cannot remove them.</summary>
    public bool HostCreated { get; init; }
}

/// <summary>An in-memory regular file.</summary>
internal sealed class FileNode(long inode, FileContent content) : Node(inode)
{
    public FileContent Content { get; set; } = content;

    /// <summary>A file the host provided: read-only to the guest, not counted against the caps.</summary>
    public bool HostProvided { get; init; }

    /// <summary>True once the guest created or wrote the file: it is one of the run's outputs.</summary>
    public bool Written { get; set; }

    /// <summary>Open handles on this node (an unlinked file keeps its bytes until the last one closes).</summary>
    public int OpenCount { get; set; }

    /// <summary>True after the file was removed from the tree while still open.</summary>
    public bool Unlinked { get; set; }
}

/// <summary>A host directory mounted into the tree.</summary>
internal sealed class MountNode(long inode, HostMount mount) : Node(inode)
{
    public HostMount Mount { get; } = mount;
}
