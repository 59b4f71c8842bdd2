using System.Diagnostics;
using MicroPython.Sandbox.Engine;
using Wasmtime;

namespace MicroPython.Sandbox.Runtime;

// Snapshots: a session's capture and rollback, and a one-shot interpreter's reset to the start-up image.
internal sealed partial class Interpreter
{
    /// <summary>The module's mutable globals, in the order of <see cref="SandboxEngine.MutableGlobals"/>.</summary>
    internal Global[] MutableGlobals => _mutableGlobals ??= _engine.MutableGlobals
        .Select(g => Instance.GetGlobal(ModulePatcher.GlobalExportPrefix + g) ?? throw new InvalidOperationException($"The interpreter does not export global {g}."))
        .ToArray();

    /// <summary>
    /// Makes a one-shot interpreter that has finished its run fresh again, so the next sandbox can take it
    /// instead of a new instance: linear memory back to the start-up image byte for byte (see
    /// <see cref="ImageState.RestoreMemory"/>), every mutable global back to its start-up value, and no host
    /// state left (files, timers, clock). The function table cannot change (the module has no instruction that
    /// writes a table). False, and the interpreter must be disposed, when that cannot be done: it trapped, its
    /// memory grew, it has a bridge or rollback state, or it wrote more pages than are worth comparing.
    /// </summary>
    internal bool TryResetToImage(ImageState image)
    {
        if (_disposed || IsBroken || CurrentRun is not null || Bridge is not null || RollbackState is not null || _events is { IsEmpty: false }) return false;
        if (Memory.Length != image.Memory.Length || !image.RestoreMemory(Memory.Pointer, dropUnchanged: _resets++ == 0)) return false;
        var globals = MutableGlobals;
        for (int i = 0; i < globals.Length; i++) globals[i].SetValue(image.GlobalValues[i]);
        UpdateSplitBudget();
        _fileSystem = null;
        _created = Stopwatch.GetTimestamp();
        return true;
    }

    /// <summary>
    /// Saves everything a run can change: linear memory up to its current size (the pages it has
    /// touched, where the platform tells), the C stack pointer, the heap budget global and the
    /// host-side rollback state. The buffer is reused between captures.
    /// </summary>
    public void Capture(InterpreterSnapshot snapshot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsBroken) throw new InvalidOperationException("Cannot capture an interpreter stopped by a trap.");
        snapshot.CaptureMemory(Memory.Pointer, Memory.Length);
        snapshot.StackPointer = (int)StackPointer.GetValue()!;
        snapshot.SplitBudget = (int)_splitBudget.GetValue()!;
        snapshot.BridgeState = Bridge?.SaveState();
        snapshot.HostState = RollbackState?.Snapshot();
        snapshot.IsValid = true;
    }

    /// <summary>
    /// Puts the interpreter back exactly as <see cref="Capture"/> saw it, after a run that trapped or hit a
    /// limit. Memory cannot shrink, so bytes past the old size are zeroed; the store stays usable after a trap.
    /// </summary>
    public void Restore(InterpreterSnapshot snapshot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!snapshot.IsValid) throw new InvalidOperationException("The snapshot holds no state.");
        snapshot.RestoreMemory(Memory.Pointer, Memory.Length);
        StackPointer.SetValue(snapshot.StackPointer);
        _splitBudget.SetValue(snapshot.SplitBudget);
        // The allocator's resume points may name a heap area the restored memory no longer has: clear them. Not
        // captured, to keep captures cheap.
        ClearAllocatorResumePoints();
        if (snapshot.BridgeState is { } bridgeState) Bridge?.RestoreState(bridgeState);
        RollbackState?.Restore(snapshot.HostState);
        IsBroken = false;
    }

    /// <summary>
    /// Clears the allocator's resume points (see <c>GcPatcher</c>): they only say where a search for free blocks starts,
    /// and a search without one starts from the beginning, which is always right.
    /// </summary>
    private void ClearAllocatorResumePoints()
    {
        foreach (uint g in _engine.GcFacts.AllocHintGlobals)
            Instance.GetGlobal(ModulePatcher.GlobalExportPrefix + g)!.SetValue(0);
    }
}
