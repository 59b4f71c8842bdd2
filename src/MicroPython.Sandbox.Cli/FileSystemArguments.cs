namespace MicroPython.Sandbox.Cli;

/// <summary>Parses the <c>--mount</c> and <c>--file</c> arguments.</summary>
internal static class FileSystemArguments
{
    /// <summary>
    /// HOST:GUEST[:rw|:ro]. The guest path is the last ':'-separated part that starts with '/', so a host
    /// path may itself contain ':' (e.g. C:\data on Windows).
    /// </summary>
    public static bool TryParseMount(string spec, out string host, out string guest, out bool writable)
    {
        host = guest = "";
        writable = false;
        string rest = spec;
        if (rest.EndsWith(":rw", StringComparison.Ordinal)) (writable, rest) = (true, rest[..^3]);
        else if (rest.EndsWith(":ro", StringComparison.Ordinal)) rest = rest[..^3];
        int split = rest.LastIndexOf(":/", StringComparison.Ordinal);
        if (split <= 0) return false;
        host = rest[..split];
        guest = rest[(split + 1)..];
        return true;
    }

    /// <summary>GUEST=HOST: the guest path is everything before the first '='.</summary>
    public static bool TryParseFile(string spec, out string guest, out string host)
    {
        int split = spec.IndexOf('=');
        guest = split > 0 ? spec[..split] : "";
        host = split > 0 ? spec[(split + 1)..] : "";
        return split > 0 && host.Length > 0 && guest.StartsWith('/');
    }
}
