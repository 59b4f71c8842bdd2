using System.Text;
using MicroPython.Sandbox.Abi;

namespace MicroPython.Sandbox.FileSystem;

/// <summary>
/// Guest path syntax. Paths are resolved lexically into components below the virtual root: ".." at the
/// root stays at the root, and no component ever contains a separator, NUL, "." or "..". This is exact
/// because the virtual filesystem has no symbolic links and mounts refuse them.
/// </summary>
internal static class GuestPath
{
    /// <summary>Longest path accepted, in UTF-8 bytes (Linux's PATH_MAX).</summary>
    public const int MaxPathBytes = 4096;

    /// <summary>Longest single name accepted, in UTF-8 bytes (Linux's NAME_MAX).</summary>
    public const int MaxComponentBytes = 255;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Decodes a guest path; EINVAL for invalid UTF-8, ENAMETOOLONG past the limit, ENOENT when empty.</summary>
    public static string Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0) throw new FileSystemException(Errno.ENOENT);
        if (utf8.Length > MaxPathBytes) throw new FileSystemException(Errno.ENAMETOOLONG);
        if (!System.Text.Unicode.Utf8.IsValid(utf8)) throw new FileSystemException(Errno.EINVAL);
        return StrictUtf8.GetString(utf8);
    }

    /// <summary>Resolves <paramref name="path"/> against the absolute directory <paramref name="cwd"/> into components.</summary>
    public static List<string> Split(string path, string cwd, out bool trailingSlash)
    {
        if (path.Length == 0) throw new FileSystemException(Errno.ENOENT);
        if (path.Contains('\0')) throw new FileSystemException(Errno.EINVAL);
        trailingSlash = path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal) || path == ".";
        var parts = new List<string>();
        if (!path.StartsWith('/')) Append(parts, cwd);
        Append(parts, path);
        long total = 0;
        foreach (var part in parts) total += Encoding.UTF8.GetByteCount(part) + 1;
        if (total > MaxPathBytes) throw new FileSystemException(Errno.ENAMETOOLONG);
        return parts;
    }

    private static void Append(List<string> parts, string path)
    {
        foreach (var range in path.AsSpan().Split('/'))
        {
            var part = path.AsSpan()[range];
            if (part.IsEmpty || part is ".") continue;
            if (part is "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            if (Encoding.UTF8.GetByteCount(part) > MaxComponentBytes) throw new FileSystemException(Errno.ENAMETOOLONG);
            parts.Add(part.ToString());
        }
    }

    public static string Join(IEnumerable<string> parts) => "/" + string.Join('/', parts);

    /// <summary>
    /// Checks a guest path given by the host (a file or mount location) and returns its normal form.
    /// It must be absolute, name something below the root, and contain no ".", "..", NUL or empty names.
    /// </summary>
    public static string ValidateHostGiven(string guestPath, string paramName)
    {
        ArgumentNullException.ThrowIfNull(guestPath, paramName);
        if (!guestPath.StartsWith('/')) throw new ArgumentException($"The guest path '{guestPath}' must be absolute (start with '/').", paramName);
        if (guestPath.Contains('\0')) throw new ArgumentException("A guest path cannot contain NUL characters.", paramName);
        byte[] utf8;
        try { utf8 = StrictUtf8.GetBytes(guestPath); }
        catch (EncoderFallbackException) { throw new ArgumentException($"The guest path '{guestPath}' is not valid Unicode.", paramName); }
        if (utf8.Length > MaxPathBytes) throw new ArgumentException($"The guest path is longer than {MaxPathBytes} bytes.", paramName);
        var parts = guestPath.TrimEnd('/').Split('/')[1..];
        if (parts.Length == 0) throw new ArgumentException("The guest path cannot be the root directory.", paramName);
        foreach (var part in parts)
        {
            if (part is "" or "." or "..") throw new ArgumentException($"The guest path '{guestPath}' must not contain empty, '.' or '..' names.", paramName);
            if (Encoding.UTF8.GetByteCount(part) > MaxComponentBytes) throw new ArgumentException($"A name in the guest path is longer than {MaxComponentBytes} bytes.", paramName);
        }
        return Join(parts);
    }
}
