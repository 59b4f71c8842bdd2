using MicroPython.Sandbox.Runtime;
namespace MicroPython.Sandbox.FileSystem;

/// <summary>The run's outputs and the snapshots sessions use to roll the filesystem back.</summary>
internal sealed partial class VirtualFileSystem : IRollbackState
{
    // ---- Outputs ----

    /// <summary>The in-memory files the guest created or wrote that still exist, in path order.</summary>
    public IReadOnlyList<SandboxFile> WrittenFiles()
    {
        var files = new List<SandboxFile>();
        Collect(_root, "", files);
        return files;

        static void Collect(DirectoryNode dir, string prefix, List<SandboxFile> files)
        {
            foreach (var (name, node) in dir.Children.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                string path = prefix + "/" + name;
                if (node is FileNode { Written: true, HostProvided: false } f) files.Add(new SandboxFile(path, f.Content.Freeze(), f.Modified));
                else if (node is DirectoryNode d) Collect(d, path, files);
            }
        }
    }

    // ---- Snapshots ----

    private sealed record State(DirectoryNode Root, string CurrentDirectory, Dictionary<int, OpenFile> Open, long NextInode);

    /// <summary>
    /// An opaque copy of the in-memory tree, the working directory and the open-file table. Cheap: file
    /// bytes are shared copy-on-write. Host mounts are not copied: writes through a writable mount stay.
    /// </summary>
    public object Snapshot() => Copy(new State(_root, CurrentDirectory, _open, _nextInode), this);

    object? IRollbackState.Snapshot() => Snapshot();

    void IRollbackState.Restore(object? snapshot) => Restore(snapshot!);

    /// <summary>Puts back the state captured by <see cref="Snapshot"/>; the snapshot can be restored again later.</summary>
    public void Restore(object snapshot)
    {
        if (snapshot is not State state) throw new ArgumentException("Not a snapshot of a sandbox filesystem.", nameof(snapshot));
        foreach (var handle in _open.Values) if (handle is HostFile) handle.Close();
        var copy = Copy(state, this);
        _root = copy.Root;
        CurrentDirectory = copy.CurrentDirectory;
        _open = copy.Open;
        _nextInode = copy.NextInode;
        Recount();
    }

    /// <summary>
    /// Makes this filesystem (new, made from the same options) a copy of <paramref name="source"/>, for a fork: the
    /// in-memory tree (file bytes shared copy-on-write), the working directory and the open-file table.
    /// </summary>
    public void CopyFrom(VirtualFileSystem source)
    {
        var copy = Copy(new State(source._root, source.CurrentDirectory, source._open, source._nextInode), this);
        _root = copy.Root;
        CurrentDirectory = copy.CurrentDirectory;
        _open = copy.Open;
        _nextInode = copy.NextInode;
        Recount();
    }

    private static State Copy(State state, VirtualFileSystem owner)
    {
        var map = new Dictionary<Node, Node>(ReferenceEqualityComparer.Instance);
        var root = (DirectoryNode)CloneNode(state.Root, map);
        var open = new Dictionary<int, OpenFile>();
        foreach (var (fd, handle) in state.Open)
        {
            open[fd] = handle.Clone(node => CloneNode(node, map), owner);
        }
        return new State(root, state.CurrentDirectory, open, state.NextInode);
    }

    private static Node CloneNode(Node node, Dictionary<Node, Node> map)
    {
        if (map.TryGetValue(node, out var done)) return done;
        Node clone;
        switch (node)
        {
            case DirectoryNode dir:
                var d = new DirectoryNode(dir.Inode) { HostCreated = dir.HostCreated, Modified = dir.Modified };
                foreach (var (name, child) in dir.Children) d.Children[name] = CloneNode(child, map);
                clone = d;
                break;
            case FileNode file:
                file.Content.Freeze();
                clone = new FileNode(file.Inode, file.Content) { HostProvided = file.HostProvided, Written = file.Written, Unlinked = file.Unlinked, Modified = file.Modified };
                break;
            default:
                clone = new MountNode(node.Inode, ((MountNode)node).Mount) { Modified = node.Modified };
                break;
        }
        map[node] = clone;
        return clone;
    }

    private void Recount()
    {
        _usedBytes = 0;
        _fileCount = 0;
        Count(_root);
        foreach (var handle in _open.Values.OfType<MemoryFile>().Select(h => h.Node).Distinct())
            if (handle.Unlinked) Count(handle);

        void Count(Node node)
        {
            switch (node)
            {
                case FileNode { HostProvided: false } f:
                    _usedBytes += f.Content.Length;
                    _fileCount++;
                    break;
                case DirectoryNode d:
                    if (!d.HostCreated) _fileCount++;
                    foreach (var child in d.Children.Values) Count(child);
                    break;
            }
        }
    }
}
