namespace MicroPython.Sandbox;

/// <summary>Limits for a sandbox. Every limit is enforced; a run that passes one ends with a matching <see cref="RunStatus"/>.</summary>
public sealed class SandboxOptions
{
    /// <summary>The smallest <see cref="MemoryLimit"/> accepted: 2 MiB.</summary>
    public const long MinimumMemoryLimit = 2 * 1024 * 1024;

    /// <summary>The largest <see cref="MemoryLimit"/> accepted: 2 GiB, the engine's own maximum.</summary>
    public const long MaximumMemoryLimit = 2L * 1024 * 1024 * 1024;

    /// <summary>Shared default options. Do not modify; create a new instance instead.</summary>
    internal static readonly SandboxOptions Default = new();

    /// <summary>Cap on the sandbox's linear memory in bytes (default 64 MiB). Nearly all of it is available to Python objects.</summary>
    public long MemoryLimit { get; set; } = 64 * 1024 * 1024;

    /// <summary>Wall-clock limit for one run (default 5 s); <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Optional deterministic budget of WebAssembly instructions (Wasmtime fuel) for one run. Null (the
    /// default) disables metering, which runs 1.5-2.3x faster; the wall-clock limit still applies.
    /// </summary>
    public ulong? Fuel { get; set; }

    /// <summary>Cap on standard output plus standard error in bytes (default 1 MiB). A run that writes more is stopped with <see cref="RunStatus.OutputLimitExceeded"/>.</summary>
    public long MaxOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Where to stream the guest's standard output as it is written, instead of collecting it in
    /// <see cref="RunResult.Stdout"/>. Bytes are UTF-8 as the guest wrote them; they still count toward
    /// <see cref="MaxOutputBytes"/>. Null (the default) collects the output.
    /// </summary>
    public Stream? StandardOutput { get; set; }

    /// <summary>Where to stream the guest's standard error; see <see cref="StandardOutput"/>.</summary>
    public Stream? StandardError { get; set; }

    /// <summary>Cap on the UTF-8 size of the source (default 1 MiB). Longer source is refused with <see cref="RunStatus.SourceTooLarge"/>.</summary>
    public int MaxSourceBytes { get; set; } = 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> when a limit is out of range.</summary>
    public void Validate()
    {
        if (MemoryLimit is < MinimumMemoryLimit or > MaximumMemoryLimit)
            throw new ArgumentOutOfRangeException(nameof(MemoryLimit), MemoryLimit, $"MemoryLimit must be between {MinimumMemoryLimit} and {MaximumMemoryLimit} bytes.");
        if (Timeout != System.Threading.Timeout.InfiniteTimeSpan && Timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "Timeout must be positive, or Timeout.InfiniteTimeSpan.");
        if (Fuel == 0)
            throw new ArgumentOutOfRangeException(nameof(Fuel), Fuel, "Fuel must be positive, or null for no fuel metering.");
        if (MaxOutputBytes < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxOutputBytes), MaxOutputBytes, "MaxOutputBytes cannot be negative.");
        if (MaxSourceBytes < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxSourceBytes), MaxSourceBytes, "MaxSourceBytes cannot be negative.");
    }
}
