using System.Buffers;
using System.Text;
using MicroPython.Sandbox.Abi;

namespace MicroPython.Sandbox.FileSystem;

/// <summary>
/// A host directory visible to the guest. Containment rules: guest paths are resolved by the virtual
/// filesystem into components that never contain separators, "." or ".."; each component is checked
/// on the host as it is walked, and symbolic links (and other reparse points) anywhere below the root
/// are refused outright with EACCES rather than followed, so no path can leave the root.
/// </summary>
internal sealed class HostMount
{
    private static readonly SearchValues<char> WindowsInvalid = SearchValues.Create("\\/:*?\"<>|");
    private static readonly string[] WindowsReserved = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"];

    private readonly long _inodeBase;

    public HostMount(string root, bool writable, int index)
    {
        Root = root;
        Writable = writable;
        _inodeBase = (long)(index + 1) << 40;
    }

    /// <summary>The absolute host path of the mounted directory, with symbolic links in it resolved.</summary>
    public string Root { get; }

    public bool Writable { get; }

    /// <summary>Resolves a host directory given in options to its real absolute path, or throws ArgumentException.</summary>
    public static string ResolveRoot(string hostDirectory, string paramName)
    {
        string full = Path.GetFullPath(hostDirectory);
        var info = new DirectoryInfo(full);
        if (!info.Exists) throw new ArgumentException($"The host directory '{hostDirectory}' does not exist.", paramName);
        // The host chose this directory: a link here is followed once, so that the root is a real path.
        if (info.ResolveLinkTarget(returnFinalTarget: true) is { } target) full = Path.GetFullPath(target.FullName);
        return Path.TrimEndingDirectorySeparator(full);
    }

    /// <summary>Throws EINVAL for a name the host could read as something else (separators, Windows device names, trailing dots).</summary>
    public static void CheckComponent(string name)
    {
        if (name.Contains('\\')) throw new FileSystemException(Errno.EINVAL);
        if (!OperatingSystem.IsWindows()) return;
        if (name.AsSpan().ContainsAny(WindowsInvalid) || name.Any(c => c < 32) || name.EndsWith('.') || name.EndsWith(' '))
            throw new FileSystemException(Errno.EINVAL);
        string stem = name.Split('.')[0].TrimEnd(' ');
        if (WindowsReserved.Contains(stem, StringComparer.OrdinalIgnoreCase)) throw new FileSystemException(Errno.EINVAL);
    }

    public string HostPath(string relative) =>
        relative.Length == 0 ? Root : Path.Join(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Looks up one path below the root whose parent was already checked; null when absent.</summary>
    public HostEntry? Lookup(string relative)
    {
        string full = HostPath(relative);
        FileAttributes attributes;
        try
        {
            attributes = File.GetAttributes(full);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileSystemException(Errno.EACCES);
        }
        if ((attributes & FileAttributes.ReparsePoint) != 0 || IsLink(full, attributes)) throw new FileSystemException(Errno.EACCES);
        return new HostEntry(this, relative, (attributes & FileAttributes.Directory) != 0);
    }

    private static bool IsLink(string full, FileAttributes attributes)
    {
        FileSystemInfo info = (attributes & FileAttributes.Directory) != 0 ? new DirectoryInfo(full) : new FileInfo(full);
        return info.LinkTarget is not null;
    }

    public StatInfo Stat(string relative, bool isDirectory)
    {
        string full = HostPath(relative);
        try
        {
            FileSystemInfo info = isDirectory ? new DirectoryInfo(full) : new FileInfo(full);
            info.Refresh();
            long size = info is FileInfo f ? f.Length : 0;
            bool readOnly = !Writable || (info.Attributes & FileAttributes.ReadOnly) != 0;
            return new StatInfo(isDirectory, size, Inode(relative), readOnly, info.LastWriteTimeUtc);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileSystemException(e is FileNotFoundException or DirectoryNotFoundException ? Errno.ENOENT : Errno.EACCES);
        }
    }

    private long Inode(string relative) => _inodeBase | (uint)StringComparer.Ordinal.GetHashCode(relative);

    /// <summary>Lists a directory: regular files and directories only; links and names the guest could not use are hidden.</summary>
    public List<(string Name, bool IsDirectory, long Inode)> List(string relative)
    {
        var result = new List<(string, bool, long)>();
        try
        {
            foreach (var info in new DirectoryInfo(HostPath(relative)).EnumerateFileSystemInfos())
            {
                string name = info.Name;
                if ((info.Attributes & FileAttributes.ReparsePoint) != 0 || info.LinkTarget is not null) continue;
                if (name.Contains('\uFFFD') || name.Contains('\\') || Encoding.UTF8.GetByteCount(name) > GuestPath.MaxComponentBytes) continue;
                string child = relative.Length == 0 ? name : relative + "/" + name;
                result.Add((name, info is DirectoryInfo, Inode(child)));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileSystemException(e is DirectoryNotFoundException ? Errno.ENOENT : Errno.EACCES);
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;
    }

    /// <summary>Maps a host I/O failure to the error number the guest sees.</summary>
    public static int ErrnoFor(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => Errno.ENOENT,
        UnauthorizedAccessException => Errno.EACCES,
        PathTooLongException => Errno.ENAMETOOLONG,
        IOException io when OperatingSystem.IsWindows() && (io.HResult & 0xFFFF) is 112 or 39 => Errno.ENOSPC,
        IOException io when !OperatingSystem.IsWindows() && io.HResult == 28 => Errno.ENOSPC,
        _ => Errno.EIO,
    };
}
