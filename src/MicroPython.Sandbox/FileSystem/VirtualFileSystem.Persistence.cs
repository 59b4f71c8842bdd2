using MicroPython.Sandbox.Persistence;

namespace MicroPython.Sandbox.FileSystem;

/// <summary>
/// The guest's part of the filesystem in a session snapshot. Only what the guest made is saved: the directories and
/// files it created (with their bytes), its working directory and the descriptors it holds on in-memory files.
/// What the host configured (provided files, host directories, mounts) is not: the restoring host's options supply
/// it, and where a saved entry collides with it, the host's wins. Descriptors on mounted host files are not kept.
/// </summary>
internal sealed partial class VirtualFileSystem
{
    private const byte EntryDirectory = 1, EntryFile = 2, EntryHostFile = 3;
    private const byte FlagWritten = 1, FlagUnlinked = 2;
    private const byte OpenRead = 1, OpenWrite = 2, OpenAppend = 4;

    /// <summary>Writes the guest's entries in tree order (parents first), then its open in-memory files.</summary>
    public void WriteGuestState(SnapshotPayloadWriter writer)
    {
        var open = new HashSet<Node>(_open.Values.OfType<MemoryFile>().Select(h => (Node)h.Node), ReferenceEqualityComparer.Instance);
        var entries = new List<(string Path, byte Kind, FileNode? File, Node Node)>();
        Collect(_root, "");
        // Files unlinked while open live only in the open-file table.
        foreach (var handle in _open.Values.OfType<MemoryFile>())
            if (handle.Node is { Unlinked: true, HostProvided: false } f && entries.FindIndex(e => ReferenceEquals(e.Node, f)) < 0)
                entries.Add(("", EntryFile, f, f));

        writer.WriteString(CurrentDirectory);
        writer.WriteInt32(entries.Count);
        var index = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        foreach (var (path, kind, file, node) in entries)
        {
            index[node] = index.Count;
            writer.WriteByte(kind);
            writer.WriteString(path);
            writer.WriteByte((byte)((file is { Written: true } ? FlagWritten : 0) | (file is { Unlinked: true } ? FlagUnlinked : 0)));
            writer.WriteInt64(node.Modified.UtcTicks);
            if (kind == EntryFile) writer.WriteBytes(file!.Content.Span);
        }
        var handles = _open.Where(h => h.Value is MemoryFile m && index.ContainsKey(m.Node)).OrderBy(h => h.Key).ToList();
        writer.WriteInt32(handles.Count);
        foreach (var (fd, handle) in handles)
        {
            writer.WriteInt32(fd);
            writer.WriteInt32(index[((MemoryFile)handle).Node]);
            writer.WriteInt64(handle.Position);
            writer.WriteByte((byte)((handle.CanRead ? OpenRead : 0) | (handle.CanWrite ? OpenWrite : 0) | (handle.Append ? OpenAppend : 0)));
        }

        void Collect(DirectoryNode dir, string prefix)
        {
            foreach (var (name, node) in dir.Children.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                string path = prefix + "/" + name;
                switch (node)
                {
                    case DirectoryNode d:
                        if (!d.HostCreated) entries.Add((path, EntryDirectory, null, d));
                        Collect(d, path);
                        break;
                    case FileNode { HostProvided: false } f:
                        entries.Add((path, EntryFile, f, f));
                        break;
                    case FileNode f when open.Contains(f):
                        // A provided file the guest holds open: the restoring host provides the bytes again.
                        entries.Add((path, EntryHostFile, null, f));
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Adds the guest's entries a snapshot holds to this filesystem (new, made from the restoring host's options). The
    /// payload is untrusted: counts, lengths, names and descriptors are checked before use, and the filesystem's caps
    /// (bytes, files) are applied before any file's bytes are allocated.
    /// </summary>
    public void ReadGuestState(SnapshotPayloadReader reader)
    {
        string cwd = reader.ReadString();
        int count = reader.ReadCount(_limits.MaxFiles + MaxOpenFiles, "the number of files");
        var nodes = new Node?[count];
        long total = _usedBytes;
        for (int i = 0; i < count; i++)
        {
            byte kind = reader.ReadByte();
            string path = reader.ReadString();
            byte flags = reader.ReadByte();
            long ticks = reader.ReadInt64();
            if (kind is not (EntryDirectory or EntryFile or EntryHostFile) || (flags & ~(FlagWritten | FlagUnlinked)) != 0
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
                throw SnapshotPayloadReader.Corrupt("a file entry is not valid");
            var modified = new DateTimeOffset(ticks, TimeSpan.Zero);
            FileContent? content = null;
            if (kind == EntryFile)
            {
                int length = reader.ReadCount(int.MaxValue, "a file's length");
                if (length > _limits.MaxFileBytes || total + length > _limits.MaxBytes)
                    throw new SessionSnapshotException(SessionSnapshotError.ExceedsLimits, $"The session snapshot's files exceed the restoring session's file limits ({_limits.MaxFileBytes} bytes a file, {_limits.MaxBytes} in all).");
                var bytes = new byte[length];
                reader.Read(bytes);
                total += length;
                content = new FileContent(bytes, length, frozen: false);
            }
            bool unlinked = (flags & FlagUnlinked) != 0, written = (flags & FlagWritten) != 0;
            if (path.Length == 0)
            {
                if (kind != EntryFile || !unlinked) throw SnapshotPayloadReader.Corrupt("a file entry has no path");
                nodes[i] = new FileNode(NewInode(), content!) { Written = written, Unlinked = true, Modified = modified };
                continue;
            }
            if (unlinked || !TryParent(path, out var parent, out string name)) throw SnapshotPayloadReader.Corrupt($"the path of a file entry is not valid");
            if (parent is null) continue; // its directory is gone or is now the host's (a mount or a provided file)
            parent.Children.TryGetValue(name, out var existing);
            nodes[i] = (kind, existing) switch
            {
                (EntryHostFile, FileNode { HostProvided: true } f) => f,
                (EntryHostFile, _) => null,
                (EntryDirectory, DirectoryNode { HostCreated: true } d) => d,
                (_, not null) => null, // the host's configuration wins
                (EntryDirectory, null) => parent.Children[name] = new DirectoryNode(NewInode()) { Modified = modified },
                _ => parent.Children[name] = new FileNode(NewInode(), content!) { Written = written, Modified = modified },
            };
        }

        int handles = reader.ReadCount(MaxOpenFiles, "the number of open files");
        for (int i = 0; i < handles; i++)
        {
            int fd = reader.ReadInt32();
            int entry = reader.ReadInt32();
            long position = reader.ReadInt64();
            byte flags = reader.ReadByte();
            if (fd < FirstFd || fd >= FirstFd + MaxOpenFiles || _open.ContainsKey(fd) || entry < 0 || entry >= count
                || position < 0 || position > OpenFile.MaxOffset || (flags & ~(OpenRead | OpenWrite | OpenAppend)) != 0)
                throw SnapshotPayloadReader.Corrupt("an open file is not valid");
            if (nodes[entry] is not FileNode node) continue;
            bool host = node.HostProvided;
            _open[fd] = new MemoryFile(this, node, position)
            {
                CanRead = (flags & OpenRead) != 0,
                CanWrite = !host && (flags & OpenWrite) != 0,
                Append = !host && (flags & OpenAppend) != 0,
            };
        }
        Recount();
        if (_fileCount > _limits.MaxFiles)
            throw new SessionSnapshotException(SessionSnapshotError.ExceedsLimits, $"The session snapshot holds {_fileCount} files and directories; the restoring session allows {_limits.MaxFiles}.");
        CurrentDirectory = TryParent(cwd, out var cwdParent, out string cwdName) && cwdParent?.Children.GetValueOrDefault(cwdName) is DirectoryNode ? cwd : "/";
    }

    /// <summary>
    /// Parses an absolute, normalized guest path; <paramref name="parent"/> is its directory in this tree, or null when
    /// some component on the way is not an in-memory directory. False when the path itself is malformed.
    /// </summary>
    private bool TryParent(string path, out DirectoryNode? parent, out string name)
    {
        parent = null;
        name = "";
        if (path.Length < 2 || path[0] != '/' || path.Contains('\0', StringComparison.Ordinal)) return false;
        var parts = path[1..].Split('/');
        foreach (var part in parts)
            if (part.Length == 0 || part is "." or ".." || part.Length > 255) return false;
        var dir = _root;
        foreach (var part in parts[..^1])
        {
            if (dir.Children.GetValueOrDefault(part) is not DirectoryNode next) return true;
            dir = next;
        }
        parent = dir;
        name = parts[^1];
        return true;
    }
}
