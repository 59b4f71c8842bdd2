using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using MicroPython.Sandbox.Abi;

namespace MicroPython.Sandbox.FileSystem;

/// <summary>
/// A sandbox's filesystem: an in-memory tree (with a writable <c>/tmp</c>), read-only files the host
/// provided, and host directories mounted at guest paths. The guest reaches nothing else: every guest
/// path is resolved here into components below the virtual root, and host paths are only built from
/// those components under a mount's root. Not thread-safe: one interpreter uses it at a time.
/// </summary>
internal sealed partial class VirtualFileSystem
{
    /// <summary>Emscripten's AT_FDCWD: the *at() calls resolve relative paths against the working directory.</summary>
    public const int AtFdCwd = -100;

    public const int ORdOnly = 0, OWrOnly = 1, ORdWr = 2, OAccMode = 3;
    public const int OCreat = 0x40, OExcl = 0x80, OTrunc = 0x200, OAppend = 0x400, ODirectory = 0x10000;

    /// <summary>
    /// Most descriptors open at once, beyond the three standard streams. High because MicroPython only
    /// finalizes unreferenced file objects when it collects garbage, which happens only when the heap fills.
    /// </summary>
    public const int MaxOpenFiles = 4096;

    /// <summary>Most host streams kept open at once; other host descriptors reopen theirs on use.</summary>
    public const int MaxHostStreams = 16;

    private readonly LinkedList<HostFile> _hostStreams = new();

    private const int FirstFd = 3;

    private readonly FileSystemLimits _limits;
    private Dictionary<int, OpenFile> _open = [];
    private DirectoryNode _root;
    private long _nextInode = 1;
    private long _usedBytes;
    private int _fileCount;
    private int _hostCreations;
    private long _hostBytesWritten;

    private VirtualFileSystem(FileSystemLimits limits)
    {
        _limits = limits;
        _root = new DirectoryNode(NewInode()) { HostCreated = true };
        _root.Children["tmp"] = new DirectoryNode(NewInode()) { HostCreated = true };
    }

    /// <summary>
    /// The source of the program being run, served read-only at <see cref="BuiltinLibrary.MainSourcePath"/>: the
    /// library reads class bodies there (MicroPython keeps no class annotations, which dataclasses need).
    /// </summary>
    public byte[]? MainSource
    {
        get => _mainSource ??= _mainSourceText is { } text ? System.Text.Encoding.UTF8.GetBytes(text) : null;
        set
        {
            _mainSource = value;
            _mainSourceText = null;
            _mainSourceNode = null;
        }
    }

    /// <summary>Sets <see cref="MainSource"/> from text, encoded only if the guest reads it (most runs never do).</summary>
    public void SetMainSource(string text)
    {
        _mainSource = null;
        _mainSourceText = text;
        _mainSourceNode = null;
    }

    private byte[]? _mainSource;
    private string? _mainSourceText;
    private FileNode? _mainSourceNode;

    /// <summary>The guest's working directory (absolute, normalized).</summary>
    public string CurrentDirectory { get; private set; } = "/";

    /// <summary>The caps this filesystem enforces.</summary>
    public FileSystemLimits Limits => _limits;

    /// <summary>Bytes held by files the guest wrote in memory.</summary>
    public long UsedBytes => _usedBytes;

    /// <summary>Files and directories the guest created that still exist (or are still open).</summary>
    public int FileCount => _fileCount;

    /// <summary>An empty filesystem with the default caps, for interpreters created without options.</summary>
    public static VirtualFileSystem CreateEmpty() => Create(SandboxOptions.Default);

    /// <summary>Builds the filesystem the options describe. Throws <see cref="ArgumentException"/> for conflicting paths or missing host directories.</summary>
    [SuppressMessage("Usage", "CA2208:Instantiate argument exceptions correctly", Justification = "ParamName names the option that conflicts (Mounts or Files), as RunLimits.Validate does for every option.")]
    public static VirtualFileSystem Create(SandboxOptions options)
    {
        var fs = new VirtualFileSystem(FileSystemLimits.From(options));
        int index = 0;
        foreach (var mount in options.Mounts)
        {
            string root = HostMount.ResolveRoot(mount.HostDirectory, nameof(options.Mounts));
            var (parent, name) = fs.HostParent(mount.GuestPath, nameof(options.Mounts));
            if (parent.Children.TryGetValue(name, out var existing) && !(existing is DirectoryNode { HostCreated: true, Children.Count: 0 }))
                throw new ArgumentException($"The mount at '{mount.GuestPath}' conflicts with another file or mount.", nameof(options.Mounts));
            parent.Children[name] = new MountNode(fs.NewInode(), new HostMount(root, mount.Writable, index++));
        }
        foreach (var file in options.Files)
        {
            var (parent, name) = fs.HostParent(file.Path, nameof(options.Files));
            if (parent.Children.ContainsKey(name))
                throw new ArgumentException($"The file '{file.Path}' conflicts with another file, directory or mount.", nameof(options.Files));
            // Frozen content is never written, so every sandbox can share the host's bytes.
            byte[] bytes = MemoryMarshal.TryGetArray(file.Content, out var segment) && segment.Offset == 0 ? segment.Array! : file.Content.ToArray();
            parent.Children[name] = new FileNode(fs.NewInode(), new FileContent(bytes, file.Content.Length, frozen: true)) { HostProvided = true };
        }
        return fs;
    }

    private long NewInode() => _nextInode++;

    /// <summary>Creates the host-owned directories above a host-given path and returns its parent and name.</summary>
    private (DirectoryNode Parent, string Name) HostParent(string guestPath, string paramName)
    {
        var parts = guestPath.Split('/')[1..];
        var dir = _root;
        foreach (var part in parts[..^1])
        {
            if (!dir.Children.TryGetValue(part, out var child))
                dir.Children[part] = child = new DirectoryNode(NewInode()) { HostCreated = true };
            dir = child as DirectoryNode ?? throw new ArgumentException($"The guest path '{guestPath}' runs through a file or a mount.", paramName);
        }
        return (dir, parts[^1]);
    }

    // ---- Resolution ----

    private readonly record struct Resolved(Entry? Parent, string? Name, Entry? Target, bool TrailingSlash, string GuestPath, List<string> Parts);

    private string BaseDirectory(int dirfd, string path)
    {
        if (dirfd == AtFdCwd || path.StartsWith('/')) return CurrentDirectory;
        if (!_open.TryGetValue(dirfd, out var handle)) throw new FileSystemException(Errno.EBADF);
        return handle is DirectoryHandle d ? d.GuestPath : throw new FileSystemException(Errno.ENOTDIR);
    }

    private Resolved Resolve(string path, int dirfd = AtFdCwd)
    {
        var parts = GuestPath.Split(path, BaseDirectory(dirfd, path), out bool trailing);
        string guestPath = GuestPath.Join(parts);
        Entry current = new MemoryEntry(_root);
        if (parts.Count == 0) return new Resolved(null, null, current, true, guestPath, parts);
        for (int i = 0; i < parts.Count - 1; i++)
        {
            current = Child(current, parts[i]) ?? throw new FileSystemException(Errno.ENOENT);
            if (!current.IsDirectory) throw new FileSystemException(Errno.ENOTDIR);
        }
        var target = Child(current, parts[^1]);
        if (target is { IsDirectory: false } && trailing) throw new FileSystemException(Errno.ENOTDIR);
        return new Resolved(current, parts[^1], target, trailing, guestPath, parts);
    }

    private Entry? Child(Entry directory, string name)
    {
        switch (directory)
        {
            case MemoryEntry { Node: DirectoryNode dir }:
                if (!dir.Children.TryGetValue(name, out var node))
                    return ReferenceEquals(dir, _root) && name == BuiltinLibrary.RootName ? BuiltinLibrary.Root : null;
                return node is MountNode m ? new HostEntry(m.Mount, "", true) : new MemoryEntry(node);
            case LibraryEntry { Children: { } children } library:
                if (name == BuiltinLibrary.MainSourceName && ReferenceEquals(library, BuiltinLibrary.PythonDirectory) && MainSource is { } source)
                    return new MemoryEntry(_mainSourceNode ??= new FileNode(NewInode(), new FileContent(source, source.Length, frozen: true)) { HostProvided = true });
                return children.GetValueOrDefault(name);
            case HostEntry { IsDirectory: true } host:
                HostMount.CheckComponent(name);
                return host.Mount.Lookup(host.Relative.Length == 0 ? name : host.Relative + "/" + name);
            default:
                throw new FileSystemException(Errno.ENOTDIR);
        }
    }

    private static bool IsMountRoot(Entry? entry) => entry is HostEntry { Relative.Length: 0 };

    // ---- Caps ----

    /// <summary>Checks that <paramref name="node"/> may grow to <paramref name="newLength"/> bytes and accounts for it; ENOSPC otherwise.</summary>
    public void ReserveGrowth(FileNode node, long newLength)
    {
        long growth = newLength - node.Content.Length;
        if (growth <= 0) return;
        if (newLength > _limits.MaxFileBytes || newLength > Array.MaxLength || _usedBytes + growth > _limits.MaxBytes)
            throw new FileSystemException(Errno.ENOSPC);
        _usedBytes += growth;
    }

    /// <summary>The same caps for writes into a writable mount; there the total counts every byte the guest wrote.</summary>
    public void ReserveHostWrite(long currentLength, long newEnd, int count)
    {
        // A write past the end also allocates the gap before it, so it counts as written.
        long written = Math.Max(count, newEnd - currentLength);
        if (newEnd > _limits.MaxFileBytes || _hostBytesWritten + written > _limits.MaxBytes) throw new FileSystemException(Errno.ENOSPC);
        _hostBytesWritten += written;
    }

    private void ReserveFile()
    {
        if (_fileCount + _hostCreations >= _limits.MaxFiles) throw new FileSystemException(Errno.ENOSPC);
        _fileCount++;
    }

    /// <summary>Creations in writable mounts count for the whole sandbox's life: the host keeps them, snapshots do not undo them.</summary>
    private void ReserveHostCreation()
    {
        if (_fileCount + _hostCreations >= _limits.MaxFiles) throw new FileSystemException(Errno.ENOSPC);
        _hostCreations++;
    }

    /// <summary>Called when a handle on <paramref name="node"/> closes; an unlinked file's space is freed with its last handle.</summary>
    public void ReleaseHandle(FileNode node)
    {
        node.OpenCount--;
        if (node.OpenCount == 0 && node.Unlinked) Release(node);
    }

    private void Release(Node node)
    {
        if (node is FileNode f)
        {
            if (f.HostProvided) return;
            _usedBytes -= f.Content.Length;
        }
        _fileCount--;
    }

    // ---- Descriptors ----

    /// <summary>Records that <paramref name="file"/> opened its host stream, closing the least recently opened one past the limit.</summary>
    public void HostStreamOpened(HostFile file)
    {
        _hostStreams.AddLast(file);
        if (_hostStreams.Count > MaxHostStreams)
        {
            var oldest = _hostStreams.First!.Value;
            _hostStreams.RemoveFirst();
            oldest.ReleaseStream();
        }
    }

    public void HostStreamClosed(HostFile file) => _hostStreams.Remove(file);

    private int AddHandle(OpenFile handle)
    {
        if (_open.Count >= MaxOpenFiles)
        {
            handle.Close();
            throw new FileSystemException(Errno.EMFILE);
        }
        int fd = FirstFd;
        while (_open.ContainsKey(fd)) fd++;
        _open[fd] = handle;
        return fd;
    }

    public OpenFile Handle(int fd) => _open.TryGetValue(fd, out var handle) ? handle : throw new FileSystemException(Errno.EBADF);

    public void Close(int fd)
    {
        var handle = Handle(fd);
        _open.Remove(fd);
        handle.Close();
    }

    // ---- Operations (each throws FileSystemException with the errno the guest should see) ----

    public int Open(string path, int flags, int dirfd = AtFdCwd)
    {
        var r = Resolve(path, dirfd);
        int access = flags & OAccMode;
        if (access == OAccMode) throw new FileSystemException(Errno.EINVAL);
        bool write = access != ORdOnly;
        var target = r.Target;
        if (target is null)
        {
            if ((flags & OCreat) == 0) throw new FileSystemException(Errno.ENOENT);
            if (r.TrailingSlash || (flags & ODirectory) != 0) throw new FileSystemException(Errno.EISDIR);
            target = CreateFile(r.Parent!, r.Name!);
        }
        else
        {
            if ((flags & (OCreat | OExcl)) == (OCreat | OExcl)) throw new FileSystemException(Errno.EEXIST);
            if (target.IsDirectory)
            {
                // Only opendir (which passes O_DIRECTORY) gets a directory: open('/tmp') fails as in CPython.
                if (write || (flags & ODirectory) == 0) throw new FileSystemException(Errno.EISDIR);
                return AddHandle(new DirectoryHandle(target, r.GuestPath) { CanRead = true });
            }
            if ((flags & ODirectory) != 0) throw new FileSystemException(Errno.ENOTDIR);
            if (write || (flags & OTrunc) != 0) CheckWritable(target);
        }

        bool truncate = write && (flags & OTrunc) != 0;
        bool append = (flags & OAppend) != 0;
        switch (target)
        {
            case MemoryEntry { Node: FileNode node }:
                if (truncate && node.Content.Length > 0)
                {
                    _usedBytes -= node.Content.Length;
                    node.Content = FileContent.Empty();
                    node.Modified = DateTimeOffset.UtcNow;
                }
                if (truncate) node.Written = true;
                return AddHandle(new MemoryFile(this, node) { CanRead = access != OWrOnly, CanWrite = write, Append = append });
            case LibraryEntry library:
                return AddHandle(new LibraryFile(library) { CanRead = true });
            case HostEntry host:
                var file = new HostFile(this, host) { CanRead = access != OWrOnly, CanWrite = write, Append = append };
                file.EnsureOpen();
                if (truncate) file.Truncate();
                return AddHandle(file);
            default:
                throw new FileSystemException(Errno.EIO);
        }
    }

    private static void CheckWritable(Entry target)
    {
        switch (target)
        {
            case MemoryEntry { Node: FileNode { HostProvided: true } }:
                throw new FileSystemException(Errno.EACCES);
            case HostEntry { Mount.Writable: false } or LibraryEntry:
                throw new FileSystemException(Errno.EROFS);
        }
    }

    private Entry CreateFile(Entry parent, string name)
    {
        switch (parent)
        {
            case MemoryEntry { Node: DirectoryNode dir }:
                ReserveFile();
                var node = new FileNode(NewInode(), FileContent.Empty()) { Written = true };
                dir.Children[name] = node;
                dir.Modified = DateTimeOffset.UtcNow;
                return new MemoryEntry(node);
            case HostEntry host:
                if (!host.Mount.Writable) throw new FileSystemException(Errno.EROFS);
                HostMount.CheckComponent(name);
                var entry = new HostEntry(host.Mount, Join(host.Relative, name), false);
                ReserveHostCreation();
                try
                {
                    using (new FileStream(entry.HostPath, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite)) { }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _hostCreations--;
                    throw new FileSystemException(e is IOException && File.Exists(entry.HostPath) ? Errno.EEXIST : HostMount.ErrnoFor(e));
                }
                return entry;
            case LibraryEntry:
                throw new FileSystemException(Errno.EROFS);
            default:
                throw new FileSystemException(Errno.ENOTDIR);
        }
    }

    private static string Join(string relative, string name) => relative.Length == 0 ? name : relative + "/" + name;

    public StatInfo Stat(string path, int dirfd = AtFdCwd) => (Resolve(path, dirfd).Target ?? throw new FileSystemException(Errno.ENOENT)).Stat();

    public void CreateDirectory(string path, int dirfd = AtFdCwd)
    {
        var r = Resolve(path, dirfd);
        if (r.Target is not null || r.Parent is null) throw new FileSystemException(Errno.EEXIST);
        switch (r.Parent)
        {
            case LibraryEntry:
                throw new FileSystemException(Errno.EROFS);
            case MemoryEntry { Node: DirectoryNode dir }:
                ReserveFile();
                dir.Children[r.Name!] = new DirectoryNode(NewInode());
                dir.Modified = DateTimeOffset.UtcNow;
                break;
            case HostEntry host:
                if (!host.Mount.Writable) throw new FileSystemException(Errno.EROFS);
                HostMount.CheckComponent(r.Name!);
                ReserveHostCreation();
                try
                {
                    Directory.CreateDirectory(host.Mount.HostPath(Join(host.Relative, r.Name!)));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _hostCreations--;
                    throw new FileSystemException(HostMount.ErrnoFor(e));
                }
                break;
        }
    }

    public void Unlink(string path, int dirfd = AtFdCwd)
    {
        var r = Resolve(path, dirfd);
        var target = r.Target ?? throw new FileSystemException(Errno.ENOENT);
        if (target.IsDirectory) throw new FileSystemException(Errno.EISDIR);
        switch (target)
        {
            case LibraryEntry:
                throw new FileSystemException(Errno.EROFS);
            case MemoryEntry { Node: FileNode node }:
                if (node.HostProvided) throw new FileSystemException(Errno.EACCES);
                Detach(r);
                if (node.OpenCount > 0) node.Unlinked = true;
                else Release(node);
                break;
            case HostEntry host:
                if (!host.Mount.Writable) throw new FileSystemException(Errno.EROFS);
                HostIo(() => File.Delete(host.HostPath));
                break;
        }
    }

    public void RemoveDirectory(string path, int dirfd = AtFdCwd)
    {
        var r = Resolve(path, dirfd);
        var target = r.Target ?? throw new FileSystemException(Errno.ENOENT);
        if (!target.IsDirectory) throw new FileSystemException(Errno.ENOTDIR);
        if (r.Parent is null || IsMountRoot(target)) throw new FileSystemException(Errno.EBUSY);
        switch (target)
        {
            case LibraryEntry:
                throw new FileSystemException(Errno.EROFS);
            case MemoryEntry { Node: DirectoryNode dir }:
                if (dir.Children.Count > 0) throw new FileSystemException(Errno.ENOTEMPTY);
                if (dir.HostCreated) throw new FileSystemException(Errno.EACCES);
                Detach(r);
                Release(dir);
                break;
            case HostEntry host:
                if (!host.Mount.Writable) throw new FileSystemException(Errno.EROFS);
                if (Directory.EnumerateFileSystemEntries(host.HostPath).Any()) throw new FileSystemException(Errno.ENOTEMPTY);
                HostIo(() => Directory.Delete(host.HostPath, recursive: false));
                break;
        }
    }

    public void Rename(string oldPath, int oldDirfd, string newPath, int newDirfd)
    {
        var from = Resolve(oldPath, oldDirfd);
        var to = Resolve(newPath, newDirfd);
        var source = from.Target ?? throw new FileSystemException(Errno.ENOENT);
        if (from.Parent is null || to.Parent is null || IsMountRoot(source) || IsMountRoot(to.Target)) throw new FileSystemException(Errno.EBUSY);
        if (source.IsDirectory && IsInside(to.Parts, from.Parts) && to.Parts.Count > from.Parts.Count) throw new FileSystemException(Errno.EINVAL);
        if (to.Target is { } existing)
        {
            if (SameEntry(source, existing)) return;
            if (source.IsDirectory && !existing.IsDirectory) throw new FileSystemException(Errno.ENOTDIR);
            if (!source.IsDirectory && existing.IsDirectory) throw new FileSystemException(Errno.EISDIR);
        }

        if (source is LibraryEntry || to.Target is LibraryEntry) throw new FileSystemException(Errno.EROFS);
        switch ((from.Parent, to.Parent, source))
        {
            case (MemoryEntry { Node: DirectoryNode oldDir }, MemoryEntry { Node: DirectoryNode newDir }, MemoryEntry { Node: var node }):
                if (node is FileNode { HostProvided: true } or DirectoryNode { HostCreated: true }) throw new FileSystemException(Errno.EACCES);
                // Moving a tree deeper could nest directories without bound (and every walk of the tree recurses):
                // keep every node reachable by a path within the length limit.
                if (node is DirectoryNode moved && to.Parts.Count + Height(moved) > MaxDepth) throw new FileSystemException(Errno.ENAMETOOLONG);
                if (to.Target is MemoryEntry { Node: var replaced })
                {
                    if (replaced is FileNode { HostProvided: true } or DirectoryNode { HostCreated: true }) throw new FileSystemException(Errno.EACCES);
                    if (replaced is DirectoryNode { Children.Count: > 0 }) throw new FileSystemException(Errno.ENOTEMPTY);
                    Detach(to);
                    if (replaced is FileNode { OpenCount: > 0 } open) open.Unlinked = true;
                    else Release(replaced);
                }
                oldDir.Children.Remove(from.Name!);
                newDir.Children[to.Name!] = node;
                if (node is FileNode f) f.Written = true;
                oldDir.Modified = newDir.Modified = DateTimeOffset.UtcNow;
                break;
            case (HostEntry oldHost, HostEntry newHost, HostEntry sourceHost) when oldHost.Mount == newHost.Mount:
                if (!oldHost.Mount.Writable) throw new FileSystemException(Errno.EROFS);
                HostMount.CheckComponent(to.Name!);
                string destination = newHost.Mount.HostPath(Join(newHost.Relative, to.Name!));
                HostIo(() =>
                {
                    if (sourceHost.IsDirectory)
                    {
                        if (to.Target is not null) Directory.Delete(destination, recursive: false);
                        Directory.Move(sourceHost.HostPath, destination);
                    }
                    else
                    {
                        File.Move(sourceHost.HostPath, destination, overwrite: true);
                    }
                });
                break;
            default:
                if (from.Parent is HostEntry { Mount.Writable: false } or LibraryEntry || to.Parent is HostEntry { Mount.Writable: false } or LibraryEntry)
                    throw new FileSystemException(Errno.EROFS);
                throw new FileSystemException(Errno.EXDEV);
        }
    }

    /// <summary>Most directory levels below the root: a 4096-byte path holds at most 2048 names.</summary>
    public const int MaxDepth = GuestPath.MaxPathBytes / 2;

    /// <summary>Levels of directories below <paramref name="dir"/> (0 when it has no subdirectories), without recursion.</summary>
    private static int Height(DirectoryNode dir)
    {
        int height = 0;
        var pending = new Stack<(DirectoryNode Dir, int Depth)>();
        pending.Push((dir, 0));
        while (pending.Count > 0)
        {
            var (current, depth) = pending.Pop();
            height = Math.Max(height, depth);
            foreach (var child in current.Children.Values)
                if (child is DirectoryNode d) pending.Push((d, depth + 1));
        }
        return height;
    }

    private static bool IsInside(List<string> path, List<string> ancestor) =>
        path.Count >= ancestor.Count && path.Take(ancestor.Count).SequenceEqual(ancestor, StringComparer.Ordinal);

    private static bool SameEntry(Entry a, Entry b) => (a, b) switch
    {
        (MemoryEntry x, MemoryEntry y) => ReferenceEquals(x.Node, y.Node),
        (HostEntry x, HostEntry y) => x.Mount == y.Mount && x.Relative == y.Relative,
        _ => false,
    };

    private static void Detach(Resolved r)
    {
        var dir = (DirectoryNode)((MemoryEntry)r.Parent!).Node;
        dir.Children.Remove(r.Name!);
        dir.Modified = DateTimeOffset.UtcNow;
    }

    private static void HostIo(Action action)
    {
        try { action(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileSystemException(HostMount.ErrnoFor(e));
        }
    }

    public void ChangeDirectory(string path)
    {
        var r = Resolve(path);
        var target = r.Target ?? throw new FileSystemException(Errno.ENOENT);
        if (!target.IsDirectory) throw new FileSystemException(Errno.ENOTDIR);
        CurrentDirectory = r.GuestPath;
    }

    /// <summary>The listing of a directory, "." and ".." first, for getdents64.</summary>
    public static List<(string Name, byte Type, long Inode)> ListDirectory(Entry directory)
    {
        var stat = directory.Stat();
        var list = new List<(string, byte, long)> { (".", DirectoryHandle.TypeDirectory, stat.Inode), ("..", DirectoryHandle.TypeDirectory, 0) };
        switch (directory)
        {
            case MemoryEntry { Node: DirectoryNode dir }:
                foreach (var (name, node) in dir.Children.OrderBy(c => c.Key, StringComparer.Ordinal))
                    list.Add((name, node is FileNode ? DirectoryHandle.TypeFile : DirectoryHandle.TypeDirectory, node.Inode));
                break;
            case LibraryEntry { Children: { } children }:
                foreach (var (name, entry) in children.OrderBy(c => c.Key, StringComparer.Ordinal))
                    list.Add((name, entry.IsDirectory ? DirectoryHandle.TypeDirectory : DirectoryHandle.TypeFile, entry.Inode));
                break;
            case HostEntry host:
                foreach (var (name, isDirectory, inode) in host.Mount.List(host.Relative))
                    list.Add((name, isDirectory ? DirectoryHandle.TypeDirectory : DirectoryHandle.TypeFile, inode));
                break;
        }
        return list;
    }
}
