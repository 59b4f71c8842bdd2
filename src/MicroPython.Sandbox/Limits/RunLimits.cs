using System.Diagnostics.CodeAnalysis;
using MicroPython.Sandbox.Bridge;
using MicroPython.Sandbox.FileSystem;

namespace MicroPython.Sandbox.Limits;

/// <summary>
/// The limits one run enforces, resolved once from the sandbox's <see cref="SandboxOptions"/> and the run's own
/// <see cref="RunOptions"/> (which wins where it sets something), then immutable for the run. Every limit the product
/// has is a property here, with its range check in <see cref="Validate(SandboxOptions)"/>; the types that enforce
/// them live beside this one: <see cref="Deadline"/> (time and cancellation), <see cref="OutputBudget"/> (output),
/// <see cref="HeapBudget"/> (memory), <see cref="EpochTicker"/> (how the guest is interrupted) and
/// <see cref="LimitOutcome"/> (the status and message of a run that hits one). The filesystem's caps are enforced by
/// the filesystem itself (<see cref="FileSystemLimits"/>, ENOSPC in the guest) and the bridge's by the bridge
/// (<see cref="BridgeLimits"/>, Python exceptions in the guest).
/// </summary>
internal sealed record RunLimits
{
    /// <summary>Cap on the interpreter's linear memory, in bytes.</summary>
    public required long MemoryLimit { get; init; }

    /// <summary>Wall-clock limit of the run; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>The run's budget of WebAssembly instructions; null for no metering.</summary>
    public required ulong? Fuel { get; init; }

    /// <summary>Cap on standard output plus standard error, in bytes.</summary>
    public required long MaxOutputBytes { get; init; }

    /// <summary>Cap on the UTF-8 size of the source.</summary>
    public required int MaxSourceBytes { get; init; }

    /// <summary>Caps on what the guest's files may hold (enforced in FileSystem/); made when asked, off the per-run path.</summary>
    public FileSystemLimits FileSystem => FileSystemLimits.From(Options);

    /// <summary>Caps on what crosses a session's bridge (enforced in Bridge/).</summary>
    public BridgeLimits HostValues => new(Options.MaxHostValueBytes, Options.MaxHostValueDepth, Options.MaxHostCalls, Options.RunHostFunctionsInline);

    /// <summary>The guest's network access (enforced in Network/ when the guest makes a request).</summary>
    public NetworkOptions Network => Options.Network;

    /// <summary>The sandbox's options these limits were resolved from.</summary>
    private SandboxOptions Options { get; init; } = null!;

    /// <summary>How the memory cap is shared out.</summary>
    public HeapBudget Heap => new(MemoryLimit);

    /// <summary>The limits of a run under <paramref name="options"/>, with <paramref name="runOptions"/> taking precedence where it sets a value.</summary>
    public static RunLimits Resolve(SandboxOptions options, RunOptions? runOptions = null) => new()
    {
        MemoryLimit = options.MemoryLimit,
        Timeout = runOptions?.Timeout ?? options.Timeout,
        Fuel = options.Fuel,
        MaxOutputBytes = options.MaxOutputBytes,
        MaxSourceBytes = options.MaxSourceBytes,
        Options = options,
    };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/>, naming the option, when a limit of <paramref name="options"/> is out of range.</summary>
    [SuppressMessage("Usage", "CA2208:Instantiate argument exceptions correctly", Justification = "ParamName names the option that is out of range (MemoryLimit, Fuel...), which tells the caller more than 'options'.")]
    public static void Validate(SandboxOptions options)
    {
        if (options.MemoryLimit is < SandboxOptions.MinimumMemoryLimit or > SandboxOptions.MaximumMemoryLimit)
            throw new ArgumentOutOfRangeException(nameof(options.MemoryLimit), options.MemoryLimit, $"MemoryLimit must be between {SandboxOptions.MinimumMemoryLimit} and {SandboxOptions.MaximumMemoryLimit} bytes.");
        if (options.StackBytes is < SandboxOptions.MinimumStackBytes or > SandboxOptions.MaximumStackBytes)
            throw new ArgumentOutOfRangeException(nameof(options.StackBytes), options.StackBytes, $"StackBytes must be between {SandboxOptions.MinimumStackBytes} and {SandboxOptions.MaximumStackBytes} bytes.");
        ValidateTimeout(options.Timeout, nameof(options.Timeout));
        if (options.Fuel == 0)
            throw new ArgumentOutOfRangeException(nameof(options.Fuel), options.Fuel, "Fuel must be positive, or null for no fuel metering.");
        NotNegative(options.MaxOutputBytes, nameof(options.MaxOutputBytes));
        NotNegative(options.MaxSourceBytes, nameof(options.MaxSourceBytes));
        if (options.MaxHostValueBytes <= 0)
            throw new ArgumentOutOfRangeException(nameof(options.MaxHostValueBytes), options.MaxHostValueBytes, "MaxHostValueBytes must be positive.");
        if (options.MaxHostValueDepth is <= 0 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(options.MaxHostValueDepth), options.MaxHostValueDepth, "MaxHostValueDepth must be between 1 and 1000.");
        if (options.MaxHostCalls is { } calls) NotNegative(calls, nameof(options.MaxHostCalls));
        NotNegative(options.MaxFileSystemBytes, nameof(options.MaxFileSystemBytes));
        NotNegative(options.MaxFiles, nameof(options.MaxFiles));
        NotNegative(options.MaxFileBytes, nameof(options.MaxFileBytes));
        MicroPython.Sandbox.Network.NetworkPolicy.Validate(options.Network);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="timeout"/> is positive or infinite.</summary>
    public static void ValidateTimeout(TimeSpan timeout, string parameterName)
    {
        if (timeout != System.Threading.Timeout.InfiniteTimeSpan && timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(parameterName, timeout, "Timeout must be positive, or Timeout.InfiniteTimeSpan.");
    }

    private static void NotNegative(long value, string name)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(name, value, $"{name} cannot be negative.");
    }
}
