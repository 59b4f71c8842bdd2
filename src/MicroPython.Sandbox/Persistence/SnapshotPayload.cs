using System.Buffers.Binary;
using System.Text;

namespace MicroPython.Sandbox.Persistence;

/// <summary>Writes the fields of a snapshot's payload (little-endian) to the compressing stream.</summary>
internal sealed class SnapshotPayloadWriter(Stream output)
{
    private readonly byte[] _scratch = new byte[8];

    /// <summary>Bytes written so far: the payload length the header declares.</summary>
    public long Length { get; private set; }

    public void WriteByte(byte value)
    {
        _scratch[0] = value;
        Write(_scratch.AsSpan(0, 1));
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_scratch, value);
        Write(_scratch.AsSpan(0, 4));
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_scratch, value);
        Write(_scratch.AsSpan(0, 8));
    }

    public void WriteString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteInt32(bytes.Length);
        Write(bytes);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteInt32(bytes.Length);
        Write(bytes);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        Length += bytes.Length;
    }
}

/// <summary>
/// Reads a snapshot's payload from the decompressing stream. The payload is untrusted: every read is checked against
/// the length the header declared (so a decompression bomb stops there), every count and length is checked by the
/// caller against a cap before anything is allocated, and any inconsistency is a <see cref="SessionSnapshotException"/>.
/// </summary>
internal sealed class SnapshotPayloadReader(Stream input, long declaredLength)
{
    /// <summary>Longest string (a path or a name) a payload may hold.</summary>
    public const int MaxStringBytes = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly byte[] _scratch = new byte[8];
    private long _remaining = declaredLength;

    public byte ReadByte()
    {
        Read(_scratch.AsSpan(0, 1));
        return _scratch[0];
    }

    public int ReadInt32()
    {
        Read(_scratch.AsSpan(0, 4));
        return BinaryPrimitives.ReadInt32LittleEndian(_scratch);
    }

    public long ReadInt64()
    {
        Read(_scratch.AsSpan(0, 8));
        return BinaryPrimitives.ReadInt64LittleEndian(_scratch);
    }

    /// <summary>A count in [0, <paramref name="max"/>].</summary>
    public int ReadCount(int max, string what)
    {
        int count = ReadInt32();
        if (count < 0 || count > max) throw Corrupt($"{what} {count} is out of range (at most {max})");
        return count;
    }

    public string ReadString(int maxBytes = MaxStringBytes)
    {
        int length = ReadCount(maxBytes, "string length");
        Span<byte> bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        Read(bytes);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw Corrupt("a string is not valid UTF-8", e);
        }
    }

    /// <summary>Fills <paramref name="destination"/> from the payload; fails past the declared length or the stream's end.</summary>
    public void Read(Span<byte> destination)
    {
        if (destination.Length > _remaining) throw Corrupt("the payload is longer than its header says");
        try
        {
            input.ReadExactly(destination);
        }
        catch (EndOfStreamException e)
        {
            throw Corrupt("the payload is shorter than its header says", e);
        }
        catch (InvalidOperationException e)
        {
            // Brotli reports damaged data this way.
            throw Corrupt("the compressed payload is damaged", e);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt("the compressed payload is damaged", e);
        }
        _remaining -= destination.Length;
    }

    /// <summary>Checks that the payload ended exactly where its header said, with nothing after it.</summary>
    public void ExpectEnd()
    {
        if (_remaining != 0) throw Corrupt("the payload ended before its header says");
        try
        {
            if (input.ReadByte() >= 0) throw Corrupt("the compressed payload has data past its end");
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException)
        {
            throw Corrupt("the compressed payload is damaged", e);
        }
    }

    public static SessionSnapshotException Corrupt(string what, Exception? inner = null) =>
        new(SessionSnapshotError.Corrupt, $"The session snapshot is damaged: {what}.", inner);
}
