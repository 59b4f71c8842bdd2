namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// Host-side state that must roll back together with an interpreter, such as a virtual filesystem
/// owned by it. <see cref="Interpreter.Capture"/> stores what <see cref="Snapshot"/> returns and
/// <see cref="Interpreter.Restore"/> passes it back to <see cref="Restore"/>.
/// </summary>
internal interface IRollbackState
{
    object? Snapshot();

    void Restore(object? snapshot);
}

/// <summary>
/// A saved interpreter state (see <see cref="Interpreter.Capture"/>). The memory buffer comes from the
/// shared array pool and goes back with <see cref="Release"/> once the guarded call is over, so an idle
/// session holds only its linear memory and a busy one usually reuses a pooled buffer.
/// </summary>
internal sealed class InterpreterSnapshot
{
    public byte[] Buffer { get; private set; } = [];

    public long Length { get; set; }

    public int StackPointer { get; set; }

    public int SplitBudget { get; set; }

    public object? BridgeState { get; set; }

    public object? HostState { get; set; }

    public bool IsValid { get; set; }

    /// <summary>Makes <see cref="Buffer"/> at least <paramref name="length"/> bytes long.</summary>
    public void Ensure(long length)
    {
        if (Buffer.Length >= length) return;
        Release();
        Buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(checked((int)length));
    }

    /// <summary>Returns the buffer to the pool; the saved state becomes invalid.</summary>
    public void Release()
    {
        if (Buffer.Length > 0) System.Buffers.ArrayPool<byte>.Shared.Return(Buffer);
        Buffer = [];
        IsValid = false;
        BridgeState = null;
        HostState = null;
    }
}
