using System.Collections;
using MicroPython.Sandbox.FileSystem;

namespace MicroPython.Sandbox;

/// <summary>
/// Host directories mounted into the sandbox's filesystem. Nothing outside a mounted directory is
/// reachable through it: "..", absolute paths and over-long or malformed names are contained, and
/// symbolic links inside the directory are refused (EACCES), never followed.
/// </summary>
public sealed class SandboxMountCollection : IReadOnlyCollection<SandboxMount>
{
    private readonly List<SandboxMount> _mounts = [];

    /// <inheritdoc/>
    public int Count => _mounts.Count;

    /// <summary>Mounts <paramref name="hostDirectory"/> at <paramref name="guestPath"/>.</summary>
    /// <param name="hostDirectory">An existing host directory.</param>
    /// <param name="guestPath">Absolute guest path, e.g. <c>/input</c>. Mounts cannot nest.</param>
    /// <param name="writable">False (the default) makes every write fail with EROFS in the guest.</param>
    /// <exception cref="ArgumentException">The directory does not exist, or the guest path is malformed or already used.</exception>
    public SandboxMountCollection Add(string hostDirectory, string guestPath, bool writable = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostDirectory);
        if (!Directory.Exists(hostDirectory)) throw new ArgumentException($"The host directory '{hostDirectory}' does not exist.", nameof(hostDirectory));
        string path = GuestPath.ValidateHostGiven(guestPath, nameof(guestPath));
        if (_mounts.Any(m => m.GuestPath == path || m.GuestPath.StartsWith(path + "/", StringComparison.Ordinal) || path.StartsWith(m.GuestPath + "/", StringComparison.Ordinal)))
            throw new ArgumentException($"The mount at '{path}' overlaps another mount.", nameof(guestPath));
        _mounts.Add(new SandboxMount(Path.GetFullPath(hostDirectory), path, writable));
        return this;
    }

    /// <inheritdoc/>
    /// <summary>A copy that later additions to this collection do not change.</summary>
    internal SandboxMountCollection Copy()
    {
        var copy = new SandboxMountCollection();
        copy._mounts.AddRange(_mounts);
        return copy;
    }

    /// <inheritdoc/>
    public IEnumerator<SandboxMount> GetEnumerator() => _mounts.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
