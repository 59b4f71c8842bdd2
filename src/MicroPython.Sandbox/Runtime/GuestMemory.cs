using System.Buffers.Binary;
using System.Text;
using Wasmtime;

namespace MicroPython.Sandbox.Runtime;

/// <summary>Raised when the guest hands the host a pointer or length outside its own memory.</summary>
internal sealed class GuestMemoryException(string message) : Exception(message);

/// <summary>
/// Bounds-checked access to a sandbox's linear memory. Every pointer and length comes from untrusted
/// guest code, so each access is checked against the memory's current size before it is touched.
/// </summary>
internal sealed class GuestMemory
{
    // Engines are configured so memories never move (Config.WithMemoryMayMove(false)): the base address is fixed
    // for the memory's life, and only the length needs checking. The module has no memory.grow instruction, so the
    // length only changes through Grow; a miss re-reads it anyway before failing.
    private readonly nint _base;
    private long _length;

    public GuestMemory(Memory memory)
    {
        Memory = memory;
        _base = memory.GetPointer();
        _length = memory.GetLength();
    }

    public Memory Memory { get; }

    /// <summary>The memory's base address (fixed).</summary>
    public nint Pointer => _base;

    public long Length => _length = Memory.GetLength();

    /// <summary>Grows the memory by <paramref name="pages"/> wasm pages (throws <see cref="WasmtimeException"/> past its limits).</summary>
    public void Grow(long pages)
    {
        Memory.Grow(pages);
        _length = Memory.GetLength();
    }

    public unsafe Span<byte> Span(uint address, uint length)
    {
        if ((ulong)address + length > (ulong)_length && (ulong)address + length > (ulong)Length || length > int.MaxValue)
            throw new GuestMemoryException($"Guest memory access out of range: {length} bytes at 0x{address:x8} (memory is {_length} bytes).");
        return new Span<byte>((byte*)_base + address, (int)length);
    }

    public int ReadInt32(uint address) => BinaryPrimitives.ReadInt32LittleEndian(Span(address, 4));

    public uint ReadUInt32(uint address) => BinaryPrimitives.ReadUInt32LittleEndian(Span(address, 4));

    public void WriteInt32(uint address, int value) => BinaryPrimitives.WriteInt32LittleEndian(Span(address, 4), value);

    public void WriteInt64(uint address, long value) => BinaryPrimitives.WriteInt64LittleEndian(Span(address, 8), value);

    public double ReadDouble(uint address) => BinaryPrimitives.ReadDoubleLittleEndian(Span(address, 8));

    public void WriteDouble(uint address, double value) => BinaryPrimitives.WriteDoubleLittleEndian(Span(address, 8), value);

    /// <summary>Reads a NUL-terminated UTF-8 string of at most <paramref name="maxBytes"/> bytes.</summary>
    public string ReadCString(uint address, int maxBytes = 4096)
    {
        long size = Length;
        if (address >= size) throw new GuestMemoryException($"Guest string pointer 0x{address:x8} is outside memory.");
        var span = Span(address, (uint)Math.Min(maxBytes + 1L, size - address));
        int end = span.IndexOf((byte)0);
        if (end < 0) throw new GuestMemoryException($"Guest string at 0x{address:x8} is not terminated within {maxBytes} bytes.");
        return Encoding.UTF8.GetString(span[..end]);
    }

    public string ReadUtf8(uint address, uint length) => Encoding.UTF8.GetString(Span(address, length));
}
