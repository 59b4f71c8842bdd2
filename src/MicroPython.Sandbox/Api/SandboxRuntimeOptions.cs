using MicroPython.Sandbox.Engine;

namespace MicroPython.Sandbox;

/// <summary>
/// Settings of a <see cref="SandboxRuntime"/>: how it loads the interpreter and makes sandboxes. They are fixed when
/// the runtime is created; the defaults are what <see cref="SandboxRuntime.Shared"/> (and so
/// <see cref="PythonSandbox"/>) uses. Limits of each run are in <see cref="SandboxOptions"/> instead.
/// </summary>
public sealed record SandboxRuntimeOptions
{
    /// <summary>The largest <see cref="PoolSize"/>: each slot reserves 4 GiB of address space (none of it committed).</summary>
    public const int MaximumPoolSize = 16_384;

    /// <summary>
    /// The default <see cref="CacheDirectory"/>: a folder of the user's own under local application data
    /// (<c>~/.local/share/MicroPython.Sandbox/modules</c> on Linux, <c>%LOCALAPPDATA%\MicroPython.Sandbox\modules</c> on
    /// Windows), or under the temporary folder where there is none.
    /// </summary>
    public static string DefaultCacheDirectory => ModuleCache.DefaultDirectory;

    /// <summary>
    /// Sandboxes that can be alive at once in pooled memory (default 1024; 0 turns pooling off). Pooled memories are
    /// reused with the interpreter's start-up image still mapped, which makes a new sandbox about twice as cheap;
    /// sandboxes beyond the pool still run, on an engine without pooling. Pooling sets up in a few milliseconds when
    /// the interpreter loads, so a process that runs one program should turn it off. It is used only on 64-bit
    /// Linux, and only when the address space for it can be reserved (for example not under a low <c>ulimit -v</c>).
    /// </summary>
    public int PoolSize { get; init; } = 1024;

    /// <summary>
    /// The folder where compiled interpreter code is cached, so compilation (about a second) is paid once per machine
    /// rather than once per runtime (default <see cref="DefaultCacheDirectory"/>). Null compiles in memory and writes
    /// nothing. Anyone who can write this folder can change the native code the process loads: never point it at a
    /// folder less trusted users can write.
    /// </summary>
    public string? CacheDirectory { get; init; } = DefaultCacheDirectory;

    /// <summary>
    /// Whether the interpreter of a finished one-shot run is reset to the start-up image, byte for byte, and given to
    /// the next run (default true). Off, every run gets a new instance: slower, with the same isolation.
    /// </summary>
    public bool RecycleInterpreters { get; init; } = true;

    /// <summary>
    /// Whether sandboxes start from a start-up image, an interpreter captured right after its start-up and compiled
    /// into the cache (default true). Off, every sandbox runs the interpreter's start-up itself (a few milliseconds).
    /// On, sessions also start from an image of a session's own start-up, captured in memory from the runtime's first
    /// session of each configuration (memory limit, fuel, <see cref="SandboxOptions.MaxHostValueDepth"/>); off, each
    /// session runs it (1.5 to 4 milliseconds).
    /// </summary>
    public bool UseStartupImage { get; init; } = true;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    internal void Validate()
    {
        if (PoolSize is < 0 or > MaximumPoolSize)
            throw new ArgumentOutOfRangeException(nameof(PoolSize), PoolSize, $"PoolSize must be between 0 (no pooling) and {MaximumPoolSize}.");
        if (CacheDirectory is not null)
        {
            if (string.IsNullOrWhiteSpace(CacheDirectory))
                throw new ArgumentException("CacheDirectory must name a folder, or be null for no cache.", nameof(CacheDirectory));
            if (CacheDirectory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
                throw new ArgumentException($"CacheDirectory '{CacheDirectory}' is not a valid path.", nameof(CacheDirectory));
        }
    }
}
