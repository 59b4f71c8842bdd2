namespace MicroPython.Sandbox.FileSystem;

/// <summary>
/// The bytes of an in-memory file. Copy-on-write: once <see cref="Freeze"/> is called (by a snapshot or
/// by handing the bytes to the host), the buffer is never written again and a writer takes a copy.
/// </summary>
internal sealed class FileContent
{
    private byte[] _data;

    public FileContent(byte[] data, int length, bool frozen)
    {
        _data = data;
        Length = length;
        IsFrozen = frozen;
    }

    public static FileContent Empty() => new([], 0, frozen: false);

    public int Length { get; private set; }

    public bool IsFrozen { get; private set; }

    public ReadOnlySpan<byte> Span => _data.AsSpan(0, Length);

    /// <summary>Marks the buffer immutable and returns a view of it that stays valid forever.</summary>
    public ReadOnlyMemory<byte> Freeze()
    {
        IsFrozen = true;
        return _data.AsMemory(0, Length);
    }

    /// <summary>A writable content: this one, or a copy when this one is frozen.</summary>
    public FileContent Writable() => IsFrozen ? new FileContent(Span.ToArray(), Length, frozen: false) : this;

    public int Read(long position, Span<byte> destination)
    {
        if (position >= Length) return 0;
        int count = (int)Math.Min(destination.Length, Length - position);
        _data.AsSpan((int)position, count).CopyTo(destination);
        return count;
    }

    /// <summary>Writes at <paramref name="position"/>, zero-filling any gap. The caller has checked the size caps.</summary>
    public void Write(long position, ReadOnlySpan<byte> source)
    {
        if (IsFrozen) throw new InvalidOperationException("Frozen file content cannot be written.");
        long end = position + source.Length;
        EnsureCapacity(end);
        if (position > Length) _data.AsSpan(Length, (int)(position - Length)).Clear();
        source.CopyTo(_data.AsSpan((int)position));
        if (end > Length) Length = (int)end;
    }

    public void SetLength(long length)
    {
        if (IsFrozen) throw new InvalidOperationException("Frozen file content cannot be written.");
        EnsureCapacity(length);
        if (length > Length) _data.AsSpan(Length, (int)(length - Length)).Clear();
        Length = (int)length;
    }

    private void EnsureCapacity(long size)
    {
        if (size <= _data.Length) return;
        long capacity = Math.Max(size, Math.Min((long)_data.Length * 2, Array.MaxLength));
        capacity = Math.Max(capacity, 256);
        Array.Resize(ref _data, (int)Math.Min(capacity, Array.MaxLength));
    }
}
