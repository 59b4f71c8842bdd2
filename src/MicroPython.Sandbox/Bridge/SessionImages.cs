using System.Collections.Concurrent;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Bridge;

/// <summary>
/// A runtime's session start-up images: the interpreter state right after the session prelude ran (before any host
/// function is installed), with the bridge state that goes with it. The first session of a configuration starts the
/// normal way and its state is captured; later ones load it instead of running the prelude (a copy of the pages the
/// prelude wrote over the start-up image, where it took milliseconds of Python).
/// </summary>
/// <remarks>
/// An image is keyed by everything that changes what the prelude does or where it leaves things in memory: whether the
/// engine meters fuel, the memory cap (the heap's layout follows from it), the C stack the interpreter gets (a larger
/// one is moved into the heap) and the value nesting depth the prelude is written for. Each runtime has its own, for its own engines; nothing in it belongs to one session.
/// </remarks>
internal sealed class SessionImages
{
    /// <summary>Configurations kept per runtime; sessions of others start the normal way (each image is about a MiB).</summary>
    internal const int MaxImages = 8;

    private readonly ConcurrentDictionary<Key, SessionImage> _images = new();
    private readonly SandboxRuntime _runtime;

    public SessionImages(SandboxRuntime runtime, bool enabled)
    {
        _runtime = runtime;
        Enabled = enabled;
    }

    /// <summary>Whether sessions start from images; off, every session runs the prelude (benchmarks compare both).</summary>
    internal bool Enabled { get; set; }

    /// <summary>Images captured so far (for tests).</summary>
    internal int Count => _images.Count;

    /// <summary>The image for sessions with <paramref name="options"/>, or null when they start the normal way.</summary>
    public SessionImage? Find(SandboxOptions options) =>
        Enabled && _images.TryGetValue(KeyOf(options), out var image) ? image : null;

    /// <summary>
    /// Captures <paramref name="interpreter"/>, which has just run the prelude for a session with <paramref name="options"/>,
    /// when there is no image for them yet. Only an interpreter of the runtime's main engine made from its start-up
    /// image is captured: the sessions that load the image are made the same way.
    /// </summary>
    public void Offer(SandboxOptions options, Interpreter interpreter, HostBridge bridge)
    {
        if (!Enabled || !interpreter.FromImage || !_runtime.IsMainEngine(interpreter.Engine) || bridge.Kept is not { } kept) return;
        var key = KeyOf(options);
        if (_images.ContainsKey(key) || _images.Count >= MaxImages) return;
        var image = new SessionImage(interpreter.CaptureStateImage(), (int[])kept.Clone(), bridge.AliveReferences());
        _images.TryAdd(key, image);
    }

    /// <summary>Drops every image (the runtime is disposed).</summary>
    public void Clear() => _images.Clear();

    private static Key KeyOf(SandboxOptions options) =>
        new(options.Fuel is not null, options.MemoryLimit & ~0xFFFFL, Limits.StackBudget.StackBytes(options.StackBytes, options.MemoryLimit), options.MaxHostValueDepth);

    private readonly record struct Key(bool Metered, long MemoryLimit, int StackBytes, int MaxDepth);
}

/// <summary>A session interpreter's state right after the prelude: its memory and globals, and the prelude's callables and live references.</summary>
internal sealed class SessionImage
{
    private readonly int[] _kept;
    private readonly bool[] _alive;

    public SessionImage(StateImage state, int[] kept, bool[] alive)
    {
        State = state;
        _kept = kept;
        _alive = alive;
    }

    public StateImage State { get; }

    /// <summary>Puts a fresh interpreter and its bridge into this state; false, with nothing changed, when the interpreter cannot take it.</summary>
    public bool TryLoad(Interpreter interpreter, HostBridge bridge)
    {
        if (!interpreter.TryLoadStateImage(State)) return false;
        // The bridge copies both arrays, so sessions never share them.
        bridge.Adopt(_kept, _alive);
        return true;
    }
}
