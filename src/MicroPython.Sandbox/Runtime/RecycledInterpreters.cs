using MicroPython.Sandbox.Engine;

namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// Interpreters of finished one-shot sandboxes, reset to the start-up image (<see cref="Interpreter.TryResetToImage"/>)
/// and handed to the next sandbox with the same engine and memory cap. A reset costs a page-map read and a
/// comparison of the few pages a small run writes, where a new instance costs a store, an instantiation, export
/// look-ups and a disposal, and its first run takes the faults and lazy table set-up of a new instance.
/// </summary>
internal static class RecycledInterpreters
{
    private static readonly Dictionary<(SandboxEngine, long), Stack<Interpreter>> Idle = [];

    /// <summary>Whether finished interpreters are reset and reused (environment variable <c>MPSANDBOX_NO_RECYCLE</c> turns it off).</summary>
    internal static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("MPSANDBOX_NO_RECYCLE") is not ("1" or "true");

    /// <summary>Idle interpreters kept for each engine and cap: enough for every core to take one at once.</summary>
    internal static int MaxIdle { get; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>A fresh interpreter: a reset one when there is one, else a new instance.</summary>
    public static Interpreter Rent(bool metered, long memoryLimit)
    {
        if (Enabled)
        {
            var engine = SandboxEngine.Get(metered);
            lock (Idle)
            {
                if (Idle.TryGetValue((engine, memoryLimit & ~0xFFFFL), out var idle) && idle.Count > 0) return idle.Pop();
            }
        }
        var interpreter = Interpreter.Create(metered, memoryLimit);
        if (Enabled && interpreter.FromImage && interpreter.Engine.Image is { } image && !image.StateCaptured)
        {
            // Captured from an instance of its own: reading every page maps them all, and a recycled
            // interpreter's reset walks the page table of every page it has mapped.
            image.CaptureState(() =>
            {
                using var probe = Interpreter.Create(metered, memoryLimit);
                return probe.Engine == interpreter.Engine ? ImageState.Capture(probe, probe.MutableGlobals) : null;
            });
        }
        return interpreter;
    }

    /// <summary>Resets <paramref name="interpreter"/> for the next sandbox, or disposes it when it cannot be reused.</summary>
    public static void Return(Interpreter interpreter)
    {
        if (Enabled && interpreter.FromImage && interpreter.Engine.Image?.State is { } state && interpreter.TryResetToImage(state))
        {
            var key = (interpreter.Engine, interpreter.MemoryLimit);
            lock (Idle)
            {
                if (!Idle.TryGetValue(key, out var idle)) Idle[key] = idle = new Stack<Interpreter>();
                if (idle.Count < MaxIdle)
                {
                    idle.Push(interpreter);
                    return;
                }
            }
        }
        interpreter.Dispose();
    }

    /// <summary>Disposes every idle interpreter (tests, and callers that want the pool slots back).</summary>
    internal static void Clear()
    {
        List<Interpreter> all;
        lock (Idle)
        {
            all = Idle.Values.SelectMany(s => s).ToList();
            Idle.Clear();
        }
        foreach (var interpreter in all) interpreter.Dispose();
    }
}
