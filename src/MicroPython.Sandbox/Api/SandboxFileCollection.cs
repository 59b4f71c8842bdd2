using System.Collections;
using System.Text;
using MicroPython.Sandbox.FileSystem;

namespace MicroPython.Sandbox;

/// <summary>
/// Files the host places in the sandbox's filesystem before the code runs. The guest can read them but
/// not change, replace or delete them. Parent directories are created as needed.
/// </summary>
public sealed class SandboxFileCollection : IReadOnlyCollection<SandboxFile>
{
    private readonly List<SandboxFile> _files = [];

    /// <inheritdoc/>
    public int Count => _files.Count;

    /// <summary>Adds a file with the given bytes (copied).</summary>
    /// <param name="guestPath">Absolute guest path, e.g. <c>/data/input.csv</c>.</param>
    /// <param name="content">The file's bytes.</param>
    /// <exception cref="ArgumentException">The path is not absolute, names the root, holds '.', '..' or NUL, is too long, or is already used.</exception>
    public SandboxFileCollection Add(string guestPath, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return AddCore(guestPath, (byte[])content.Clone());
    }

    /// <summary>Adds a text file, encoded as UTF-8.</summary>
    /// <inheritdoc cref="Add(string, byte[])"/>
    public SandboxFileCollection Add(string guestPath, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return AddCore(guestPath, Encoding.UTF8.GetBytes(content));
    }

    /// <summary>Adds a file with the rest of <paramref name="content"/>, read now.</summary>
    /// <inheritdoc cref="Add(string, byte[])"/>
    public SandboxFileCollection Add(string guestPath, Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        return AddCore(guestPath, buffer.ToArray());
    }

    private SandboxFileCollection AddCore(string guestPath, byte[] bytes)
    {
        string path = GuestPath.ValidateHostGiven(guestPath, nameof(guestPath));
        if (_files.Any(f => f.Path == path)) throw new ArgumentException($"The file '{path}' was already added.", nameof(guestPath));
        _files.Add(new SandboxFile(path, bytes, DateTimeOffset.UtcNow));
        return this;
    }

    /// <inheritdoc/>
    /// <summary>A copy that later additions to this collection do not change (the file bytes are immutable and shared).</summary>
    internal SandboxFileCollection Copy()
    {
        var copy = new SandboxFileCollection();
        copy._files.AddRange(_files);
        return copy;
    }

    /// <inheritdoc/>
    public IEnumerator<SandboxFile> GetEnumerator() => _files.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
