using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace MicroPython.Sandbox.Persistence;

/// <summary>
/// The envelope of a saved session: a fixed header, the Brotli-compressed payload, and a SHA-256 of both.
/// <code>
/// offset  size  field
///      0     8  magic 0x89 "MPSESS" '\n'
///      8     2  format version (1)
///     10     2  compression (1 = Brotli)
///     12    32  engine build id (see <see cref="BuildId"/>)
///     44     8  payload length, uncompressed
///     52     8  body length, compressed
///     60     n  body
///   60+n    32  SHA-256 of everything before it
/// </code>
/// The payload (see <see cref="Bridge.SessionRuntime"/>) is the interpreter's globals and memory, the bridge's state,
/// the guest's files and an end marker. The checksum catches damaged and truncated bytes before anything is
/// decompressed; it is not a signature (anyone can recompute it), so everything after it is still parsed as
/// untrusted. Applications that store snapshots where others can change them should sign or encrypt them.
/// </summary>
internal static class SessionSnapshot
{
    public const int HeaderSize = 60, HashSize = 32;
    public const ushort FormatVersion = 1, Brotli = 1;
    public const int EndMarker = 0x21444E45; // "END!"

    private static ReadOnlySpan<byte> Magic => [0x89, (byte)'M', (byte)'P', (byte)'S', (byte)'E', (byte)'S', (byte)'S', (byte)'\n'];

    /// <summary>
    /// What a saved interpreter memory depends on: the interpreter module as it runs (the embedded binary after
    /// patching), the start-up code and stack, the session prelude the memory holds, and this format. Two processes
    /// with the same value lay out memory the same way; any difference refuses the snapshot.
    /// </summary>
    public static byte[] BuildId(ReadOnlySpan<byte> patchedWasm)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(patchedWasm);
        hash.AppendData(Encoding.UTF8.GetBytes(
            $"|session-snapshot-v{FormatVersion}|{Limits.StackBudget.PyStackWords(Limits.StackBudget.DefaultBytes)}|{Limits.StackBudget.DefaultBytes}|{Runtime.Interpreter.StartupCode}|{Bridge.Prelude.Loader}|{Bridge.Prelude.Source(0)}|{Runtime.Interpreter.SnapshotChunk}"));
        return hash.GetHashAndReset();
    }

    /// <summary>A compressor for a payload, writing to <paramref name="body"/>; fast Brotli, buffered for the payload's many small fields.</summary>
    public static Stream Compressor(Stream body) =>
        new BufferedStream(new BrotliStream(body, CompressionLevel.Fastest, leaveOpen: true), 1 << 16);

    /// <summary>Writes the envelope around a compressed body.</summary>
    public static async Task WriteAsync(Stream destination, byte[] buildId, long payloadLength, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var header = Header(buildId, payloadLength, body.Length);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(header);
        hash.AppendData(body.Span);
        await destination.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(hash.GetHashAndReset(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="WriteAsync"/>
    public static void Write(Stream destination, byte[] buildId, long payloadLength, ReadOnlySpan<byte> body)
    {
        var header = Header(buildId, payloadLength, body.Length);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(header);
        hash.AppendData(body);
        destination.Write(header);
        destination.Write(body);
        destination.Write(hash.GetHashAndReset());
    }

    private static byte[] Header(byte[] buildId, long payloadLength, long bodyLength)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), Brotli);
        buildId.CopyTo(header, 12);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(44), payloadLength);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(52), bodyLength);
        return header;
    }

    /// <summary>A checked envelope: its body verified against its checksum, ready to decompress.</summary>
    public sealed class Envelope(long payloadLength, byte[] body, int bodyLength)
    {
        public long PayloadLength { get; } = payloadLength;

        /// <summary>A reader over the decompressed payload, bounded by its declared length.</summary>
        public SnapshotPayloadReader OpenPayload() =>
            new(new BrotliStream(new MemoryStream(body, 0, bodyLength, writable: false), CompressionMode.Decompress), PayloadLength);
    }

    /// <summary>
    /// Reads and checks an envelope: magic, version, engine build, lengths against <paramref name="maxPayload"/>, then
    /// the body (buffered as it arrives, so a header that lies about its length allocates only what the stream holds)
    /// and the checksum.
    /// </summary>
    public static async Task<Envelope> ReadAsync(Stream source, byte[] buildId, long maxPayload, bool synchronous, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        await Fill(source, header, synchronous, cancellationToken).ConfigureAwait(false);
        if (!header.AsSpan(0, 8).SequenceEqual(Magic))
            throw new SessionSnapshotException(SessionSnapshotError.Corrupt, "The data is not a session snapshot (its first bytes are wrong).");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8));
        if (version != FormatVersion)
            throw new SessionSnapshotException(SessionSnapshotError.UnsupportedVersion, $"The session snapshot has format version {version}; this library reads version {FormatVersion}.");
        if (BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(10)) != Brotli)
            throw new SessionSnapshotException(SessionSnapshotError.Corrupt, "The session snapshot names an unknown compression.");
        if (!header.AsSpan(12, 32).SequenceEqual(buildId))
            throw new SessionSnapshotException(SessionSnapshotError.EngineMismatch,
                "The session snapshot was saved by another build of the MicroPython interpreter; a snapshot can only be restored by the same build of MicroPython.Sandbox that saved it.");
        long payloadLength = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(44));
        long bodyLength = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(52));
        if (payloadLength <= 0 || bodyLength <= 0)
            throw new SessionSnapshotException(SessionSnapshotError.Corrupt, "The session snapshot's header is damaged: a length is not valid.");
        if (payloadLength > maxPayload)
            throw new SessionSnapshotException(SessionSnapshotError.ExceedsLimits, $"The session snapshot holds {payloadLength} bytes; the restoring session's limits allow at most {maxPayload}.");
        // Brotli never grows data by more than a few bytes per 64 KiB block.
        if (bodyLength > payloadLength + payloadLength / 1024 + 65536 || bodyLength > Array.MaxLength)
            throw new SessionSnapshotException(SessionSnapshotError.Corrupt, "The session snapshot's header is damaged: the compressed length is not valid.");

        using var body = new MemoryStream();
        var buffer = new byte[(int)Math.Min(bodyLength, 1 << 20)];
        for (long left = bodyLength; left > 0;)
        {
            var chunk = buffer.AsMemory(0, (int)Math.Min(left, buffer.Length));
            await Fill(source, chunk, synchronous, cancellationToken).ConfigureAwait(false);
            body.Write(chunk.Span);
            left -= chunk.Length;
        }
        var expected = new byte[HashSize];
        await Fill(source, expected, synchronous, cancellationToken).ConfigureAwait(false);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(header);
        hash.AppendData(body.GetBuffer(), 0, (int)body.Length);
        if (!CryptographicOperations.FixedTimeEquals(hash.GetHashAndReset(), expected))
            throw new SessionSnapshotException(SessionSnapshotError.Corrupt, "The session snapshot is damaged: its checksum does not match its content.");
        return new Envelope(payloadLength, body.GetBuffer(), (int)body.Length);
    }

    private static async ValueTask Fill(Stream source, Memory<byte> destination, bool synchronous, CancellationToken cancellationToken)
    {
        try
        {
            if (synchronous)
            {
                cancellationToken.ThrowIfCancellationRequested();
                source.ReadExactly(destination.Span);
            }
            else
            {
                await source.ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (EndOfStreamException e)
        {
            throw new SessionSnapshotException(SessionSnapshotError.Truncated, "The session snapshot is truncated: the stream ended before the snapshot did.", e);
        }
    }
}
