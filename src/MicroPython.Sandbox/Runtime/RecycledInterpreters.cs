using System.Collections.Concurrent;
using MicroPython.Sandbox.Engine;

namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// Interpreters of finished one-shot sandboxes, reset to the start-up image (<see cref="Interpreter.TryResetToImage"/>)
/// and handed to the next sandbox with the same engine and memory cap. A reset costs a page-map scan and a
/// comparison of the few pages a small run writes, where a new instance costs a store, an instantiation, export
/// look-ups and a disposal, and its first run takes the faults and lazy table set-up of a new instance.
/// </summary>
/// <remarks>
/// Resets run on the thread pool after the run's result has gone back to its caller; a sandbox that finds no reset
/// interpreter resets a returned one itself, and only when there is none makes a new instance. Each
/// <see cref="SandboxRuntime"/> has its own, for the engines it owns.
/// </remarks>
internal sealed class RecycledInterpreters : IDisposable
{
    /// <summary>Returned interpreters for one engine and memory cap: reset ones, and ones waiting for their reset.</summary>
    private sealed class Shelf
    {
        public readonly Stack<Interpreter> Clean = new(), Dirty = new();
    }

    private readonly ConcurrentDictionary<(SandboxEngine, long), Shelf> _shelves = new();
    private readonly SandboxRuntime _runtime;
    private volatile bool _disposed;

    /// <param name="runtime">The runtime whose engines the interpreters come from.</param>
    /// <param name="enabled">Whether finished interpreters are reset and reused; when false every sandbox gets a new instance.</param>
    public RecycledInterpreters(SandboxRuntime runtime, bool enabled)
    {
        _runtime = runtime;
        Enabled = enabled;
    }

    /// <summary>Whether finished interpreters are reset and reused.</summary>
    internal bool Enabled { get; }

    /// <summary>Interpreters kept for each engine and cap: enough for every core to take one at once.</summary>
    internal static int MaxKept { get; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>Sandboxes that were given a reset interpreter rather than a new instance (for tests and benchmarks).</summary>
    internal long Reused => Interlocked.Read(ref _reused);

    private long _reused;

    /// <summary>A fresh interpreter: a reset one when there is one, else a new instance.</summary>
    public Interpreter Rent(bool metered, long memoryLimit, int stackBytes = Limits.StackBudget.DefaultBytes)
    {
        // Only interpreters with the image's C stack are kept (they are reset to the image).
        if (Enabled && Limits.StackBudget.StackBytes(stackBytes, memoryLimit) == Limits.StackBudget.DefaultBytes)
        {
            var engine = _runtime.EngineFor(metered);
            var shelf = ShelfFor(engine, memoryLimit & ~0xFFFFL);
            bool canReset = engine.Image?.State is not null;
            while (true)
            {
                Interpreter? dirty = null;
                lock (shelf)
                {
                    if (shelf.Clean.TryPop(out var clean))
                    {
                        Interlocked.Increment(ref _reused);
                        return clean;
                    }
                    if (!canReset || !shelf.Dirty.TryPop(out dirty)) break;
                }
                if (TryReset(dirty))
                {
                    Interlocked.Increment(ref _reused);
                    return dirty;
                }
            }
        }
        return Interpreter.Create(_runtime, metered, memoryLimit, stackBytes);
    }

    /// <summary>Takes back an interpreter whose run is over: it is reset for the next sandbox, or disposed when it cannot be.</summary>
    public void Return(Interpreter interpreter)
    {
        // Interpreters of the engine without pooling (taken when every pool slot was in use) are not kept:
        // sandboxes only look for kept ones on the main engine.
        if (!Enabled || _disposed || !interpreter.FromImage || interpreter.StackBytes != Limits.StackBudget.DefaultBytes || interpreter.IsBroken || !_runtime.IsMainEngine(interpreter.Engine)
            || interpreter.Engine.Image is not { } image || image.StateCaptured && image.State is null)
        {
            interpreter.Dispose();
            return;
        }
        var shelf = ShelfFor(interpreter.Engine, interpreter.MemoryLimit);
        bool kept;
        lock (shelf)
        {
            kept = !_disposed && shelf.Clean.Count + shelf.Dirty.Count < MaxKept;
            if (kept) shelf.Dirty.Push(interpreter);
        }
        if (kept) ThreadPool.UnsafeQueueUserWorkItem(ResetOne, shelf, preferLocal: false);
        else interpreter.Dispose();
    }

    /// <summary>Resets one waiting interpreter of <paramref name="shelf"/>, if a sandbox has not taken it already.</summary>
    private void ResetOne(Shelf shelf)
    {
        Interpreter? dirty;
        lock (shelf)
        {
            if (!shelf.Dirty.TryPop(out dirty)) return;
        }
        if (dirty.Engine.Image is { StateCaptured: false } image)
        {
            // Once per engine, here rather than on a caller's path: from an instance of its own, since reading
            // every page maps them all, and a reset walks the page table of every page an interpreter has mapped.
            try
            {
                image.CaptureState(() =>
                {
                    // With every pool slot taken the probe lands on the overflow engine, whose image is another:
                    // then this engine's interpreters are not reset (as when the state cannot be read at all).
                    using var probe = Interpreter.Create(dirty.Engine, () => _runtime.OverflowEngineFor(dirty.Engine.Metered), dirty.MemoryLimit);
                    return probe.Engine == dirty.Engine ? ImageState.Capture(probe, probe.MutableGlobals) : null;
                });
            }
            catch (ObjectDisposedException)
            {
                // The runtime was disposed meanwhile: nothing is kept any more.
                dirty.Dispose();
                return;
            }
        }
        if (!TryReset(dirty)) return;
        bool kept;
        lock (shelf)
        {
            kept = !_disposed;
            if (kept) shelf.Clean.Push(dirty);
        }
        if (!kept) dirty.Dispose();
    }

    /// <summary>Resets <paramref name="interpreter"/>, or disposes it and returns false.</summary>
    private static bool TryReset(Interpreter interpreter)
    {
        if (interpreter.Engine.Image?.State is { } state && interpreter.TryResetToImage(state)) return true;
        interpreter.Dispose();
        return false;
    }

    private Shelf ShelfFor(SandboxEngine engine, long memoryLimit) => _shelves.GetOrAdd((engine, memoryLimit), static _ => new Shelf());

    /// <summary>Disposes every kept interpreter; interpreters returned later are disposed rather than kept.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var shelf in _shelves.Values)
        {
            List<Interpreter> kept;
            lock (shelf)
            {
                kept = [.. shelf.Clean, .. shelf.Dirty];
                shelf.Clean.Clear();
                shelf.Dirty.Clear();
            }
            foreach (var interpreter in kept) interpreter.Dispose();
        }
    }
}
