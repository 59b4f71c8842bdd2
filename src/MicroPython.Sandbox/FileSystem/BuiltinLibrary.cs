using System.Collections.Frozen;
using System.Reflection;
using MicroPython.Sandbox.Abi;

namespace MicroPython.Sandbox.FileSystem;

/// <summary>
/// The product's own pure-Python modules (typing, dataclasses, enum, and additions to MicroPython's
/// collections, itertools, functools, re, ...), served read-only at <see cref="Path"/>, which start-up puts
/// on <c>sys.path</c>. The tree is built once per process from the assembly's embedded resources and shared
/// by every sandbox: nothing is copied per run, and a file's bytes are read from the assembly the first time
/// any sandbox opens it. The directory is not part of a sandbox's own tree (it is not listed in <c>/</c>,
/// snapshots never copy it); it is found by name, and only while the host has put nothing at <c>/usr</c>.
/// </summary>
internal static class BuiltinLibrary
{
    /// <summary>The directory's guest path, as start-up adds it to <c>sys.path</c>.</summary>
    public const string Path = "/usr/lib/python";

    /// <summary>The name, inside the library directory, of the file holding the source of the program being run.</summary>
    public const string MainSourceName = "__main__.py";

    /// <summary>The guest path of the program's source (see <see cref="VirtualFileSystem.MainSource"/>).</summary>
    public const string MainSourcePath = Path + "/" + MainSourceName;

    /// <summary>The top-level name under the root that leads to the library.</summary>
    public const string RootName = "usr";

    private const string ResourcePrefix = "MicroPython.Sandbox.Python.";

    // Inodes far above any a sandbox hands out for its own files.
    private const long FirstInode = 1L << 48;

    private static readonly Lazy<LibraryEntry> RootEntry = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The <c>/usr</c> directory that leads to the library.</summary>
    public static LibraryEntry Root => RootEntry.Value;

    /// <summary>The library directory itself.</summary>
    public static LibraryEntry PythonDirectory => Root.Children!["lib"].Children!["python"];

    private static LibraryEntry Build()
    {
        var assembly = typeof(BuiltinLibrary).Assembly;
        long inode = FirstInode;
        // Resource names carry the file's path below Python/ (packages are subdirectories).
        var tree = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            var parts = resource[ResourcePrefix.Length..].Split('/', '\\');
            var dir = tree;
            foreach (string part in parts[..^1])
            {
                if (!dir.TryGetValue(part, out var child)) dir[part] = child = new Dictionary<string, object>(StringComparer.Ordinal);
                dir = (Dictionary<string, object>)child;
            }
            dir[parts[^1]] = resource;
        }
        var python = Freeze(tree);
        var lib = LibraryEntry.Directory(inode++, new Dictionary<string, LibraryEntry> { ["python"] = python });
        return LibraryEntry.Directory(inode, new Dictionary<string, LibraryEntry> { ["lib"] = lib });

        LibraryEntry Freeze(Dictionary<string, object> dir)
        {
            var entries = new Dictionary<string, LibraryEntry>(StringComparer.Ordinal);
            foreach (var (name, value) in dir.OrderBy(e => e.Key, StringComparer.Ordinal))
                entries[name] = value is string resource ? LibraryEntry.File(inode++, assembly, resource) : Freeze((Dictionary<string, object>)value);
            return LibraryEntry.Directory(inode++, entries);
        }
    }
}

/// <summary>A directory or file of the <see cref="BuiltinLibrary"/>: immutable, shared by every sandbox.</summary>
internal sealed class LibraryEntry : Entry
{
    private static readonly DateTimeOffset Modified = DateTimeOffset.FromUnixTimeSeconds(0);

    private readonly Lazy<byte[]>? _content;

    private LibraryEntry(long inode, FrozenDictionary<string, LibraryEntry>? children, Lazy<byte[]>? content)
    {
        Inode = inode;
        Children = children;
        _content = content;
    }

    public static LibraryEntry Directory(long inode, Dictionary<string, LibraryEntry> children) =>
        new(inode, children.ToFrozenDictionary(StringComparer.Ordinal), null);

    public static LibraryEntry File(long inode, Assembly assembly, string resource) =>
        new(inode, null, new Lazy<byte[]>(() =>
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }, LazyThreadSafetyMode.ExecutionAndPublication));

    public long Inode { get; }

    /// <summary>The entries of a directory; null for a file.</summary>
    public FrozenDictionary<string, LibraryEntry>? Children { get; }

    /// <summary>A file's bytes (read from the assembly on first use, then shared).</summary>
    public byte[] Content => _content!.Value;

    public override bool IsDirectory => Children is not null;

    public override StatInfo Stat() => new(IsDirectory, IsDirectory ? 0 : Content.Length, Inode, ReadOnly: true, Modified);
}

/// <summary>An open file of the <see cref="BuiltinLibrary"/> (read-only).</summary>
internal sealed class LibraryFile : OpenFile
{
    public LibraryFile(LibraryEntry entry, long position = 0)
    {
        Entry = entry;
        // A copy made for a session snapshot reads on from where the original was.
        Position = position;
    }

    public LibraryEntry Entry { get; }

    protected override long Length => Entry.Content.Length;

    public override int Read(Span<byte> destination)
    {
        if (!CanRead) throw new FileSystemException(Errno.EBADF);
        var content = Entry.Content;
        if (Position >= content.Length) return 0;
        int count = (int)Math.Min(destination.Length, content.Length - Position);
        content.AsSpan((int)Position, count).CopyTo(destination);
        Position += count;
        return count;
    }

    public override StatInfo Stat() => Entry.Stat();

    public override OpenFile Clone(Func<Node, Node> map, VirtualFileSystem fs) => new LibraryFile(Entry, Position) { CanRead = CanRead };
}
