using System.Buffers.Binary;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Abi.Proxy;

/// <summary>
/// The 12-byte value slot MicroPython's proxy code passes values in (<c>uint32_t out[3]</c> in proxy_c.c): a kind at
/// +0 (<see cref="MpKind"/> from Python, <see cref="JsKind"/> to Python) and a payload at +4 and +8, little-endian.
/// A slot views bytes already bounds-checked (<see cref="At"/> checks the whole slot against guest memory once),
/// so every read and write here stays inside it. Everything read from a slot is guest data: callers still check
/// kinds and lengths before trusting them.
/// </summary>
internal readonly ref struct ValueSlot
{
    /// <summary>Bytes in one slot (proxy_c.h <c>PVN</c> 32-bit words).</summary>
    public const int Size = 12;

    private readonly Span<byte> _bytes;

    /// <summary>A slot over the first <see cref="Size"/> bytes of <paramref name="bytes"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is shorter than a slot.</exception>
    public ValueSlot(Span<byte> bytes)
    {
        if (bytes.Length < Size) throw new ArgumentException($"A value slot needs {Size} bytes.", nameof(bytes));
        _bytes = bytes[..Size];
    }

    /// <summary>The slot at <paramref name="address"/> in guest memory (throws <see cref="GuestMemoryException"/> when it is not all inside).</summary>
    public static ValueSlot At(GuestMemory memory, uint address) => new(memory.Span(address, Size));

    /// <summary>The kind word, as MicroPython wrote it.</summary>
    public int Kind => BinaryPrimitives.ReadInt32LittleEndian(_bytes);

    /// <summary>The kind of a value coming from Python.</summary>
    public MpKind MpKind => (MpKind)Kind;

    /// <summary>The 32-bit payload at +4: an int, a bool, a reference or a string's length.</summary>
    public int Int32 => BinaryPrimitives.ReadInt32LittleEndian(_bytes[4..]);

    /// <summary>The double payload at +4.</summary>
    public double Double => BinaryPrimitives.ReadDoubleLittleEndian(_bytes[4..]);

    /// <summary>A string's byte length (+4).</summary>
    public uint Length => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[4..]);

    /// <summary>A string's guest address (+8).</summary>
    public uint Pointer => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[8..]);

    /// <summary>
    /// Whether the slot holds a Python object reference (a callable, generator or other object) the host must
    /// release with <c>proxy_c_free_obj</c> once done with it.
    /// </summary>
    public bool HoldsPythonReference => MpKind is MpKind.Callable or MpKind.Generator or MpKind.Object;

    /// <summary>Makes the slot a value of <paramref name="kind"/> with an empty payload.</summary>
    public void Write(JsKind kind)
    {
        _bytes.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(_bytes, (int)kind);
    }

    /// <summary>Writes <c>undefined</c>.</summary>
    public void WriteUndefined() => Write(JsKind.Undefined);

    /// <summary>Writes <c>null</c> (None in Python).</summary>
    public void WriteNull() => Write(JsKind.Null);

    /// <summary>Writes a boolean.</summary>
    public void WriteBoolean(bool value) => WriteWord(JsKind.Boolean, value ? 1 : 0);

    /// <summary>Writes a 32-bit integer.</summary>
    public void WriteInteger(int value) => WriteWord(JsKind.Integer, value);

    /// <summary>Writes a double.</summary>
    public void WriteDouble(double value)
    {
        Write(JsKind.Double);
        BinaryPrimitives.WriteDoubleLittleEndian(_bytes[4..], value);
    }

    /// <summary>Writes a host reference, as a new proxy or one Python already holds.</summary>
    public void WriteObject(int reference, bool existing = false) => WriteWord(existing ? JsKind.ObjectExisting : JsKind.Object, reference);

    /// <summary>
    /// Writes a string whose UTF-8 bytes the host has already copied into a guest allocation at <paramref name="pointer"/>
    /// (NUL-terminated); the C side takes the allocation and frees it.
    /// </summary>
    public void WriteString(int length, uint pointer)
    {
        WriteWord(JsKind.String, length);
        BinaryPrimitives.WriteUInt32LittleEndian(_bytes[8..], pointer);
    }

    /// <summary>Rewrites only the kind word, keeping the payload (for a value handed back as itself).</summary>
    public void SetKind(JsKind kind) => BinaryPrimitives.WriteInt32LittleEndian(_bytes, (int)kind);

    /// <summary>Replaces the pointer at +8, keeping the kind and length.</summary>
    public void SetPointer(uint pointer) => BinaryPrimitives.WriteUInt32LittleEndian(_bytes[8..], pointer);

    private void WriteWord(JsKind kind, int value)
    {
        Write(kind);
        BinaryPrimitives.WriteInt32LittleEndian(_bytes[4..], value);
    }
}
