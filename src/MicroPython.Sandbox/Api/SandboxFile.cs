using System.Text;

namespace MicroPython.Sandbox;

/// <summary>An immutable file in a sandbox's filesystem: one the host provides, or one the guest wrote.</summary>
public sealed class SandboxFile
{
    internal SandboxFile(string path, ReadOnlyMemory<byte> content, DateTimeOffset modified)
    {
        Path = path;
        Content = content;
        Modified = modified;
    }

    /// <summary>The absolute guest path, e.g. <c>/tmp/chart.svg</c>.</summary>
    public string Path { get; }

    /// <summary>The file's bytes. They never change, even if the guest later rewrites the file.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>Size in bytes.</summary>
    public long Length => Content.Length;

    /// <summary>When the file was last written (UTC).</summary>
    public DateTimeOffset Modified { get; }

    /// <summary>A copy of the bytes.</summary>
    public byte[] ReadAllBytes() => Content.ToArray();

    /// <summary>The bytes decoded as UTF-8 (invalid sequences become U+FFFD).</summary>
    public string ReadAllText() => Encoding.UTF8.GetString(Content.Span);

    /// <summary>A read-only stream over the bytes.</summary>
    public Stream OpenRead() => new MemoryStream(Content.ToArray(), writable: false);

    /// <inheritdoc/>
    public override string ToString() => $"{Path} ({Length} bytes)";
}
