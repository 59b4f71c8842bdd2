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

    /// <summary>Options with every setting at its default.</summary>
    public SandboxOptions()
    {
    }

    /// <summary>
    /// A copy of every setting of <paramref name="options"/>: later changes to either do not affect the other. Files,
    /// mounts and network settings are copied; the stream objects are shared.
    /// </summary>
    /// <param name="options">The options to copy.</param>
    public SandboxOptions(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MemoryLimit = options.MemoryLimit;
        StackBytes = options.StackBytes;
        Timeout = options.Timeout;
        Fuel = options.Fuel;
        MaxOutputBytes = options.MaxOutputBytes;
        StandardOutput = options.StandardOutput;
        StandardError = options.StandardError;
        StandardInput = options.StandardInput;
        MaxSourceBytes = options.MaxSourceBytes;
        Files = options.Files.Copy();
        Mounts = options.Mounts.Copy();
        MaxFileSystemBytes = options.MaxFileSystemBytes;
        MaxFiles = options.MaxFiles;
        MaxFileBytes = options.MaxFileBytes;
        MaxHostValueBytes = options.MaxHostValueBytes;
        MaxHostValueDepth = options.MaxHostValueDepth;
        MaxHostCalls = options.MaxHostCalls;
        RunHostFunctionsInline = options.RunHostFunctionsInline;
        Network = options.Network.Clone();
    }

    /// <summary>Cap on the sandbox's linear memory in bytes (default 64 MiB). Nearly all of it is available to Python objects.</summary>
    public long MemoryLimit { get; set; } = 64 * 1024 * 1024;

    /// <summary>The smallest <see cref="StackBytes"/> accepted: 64 KiB.</summary>
    public const int MinimumStackBytes = Limits.StackBudget.MinimumBytes;

    /// <summary>The largest <see cref="StackBytes"/> accepted: 1 MiB.</summary>
    public const int MaximumStackBytes = Limits.StackBudget.MaximumBytes;

    /// <summary>
    /// Size of the interpreter's C stack in bytes (default 640 KiB, minimum 64 KiB, maximum 1 MiB), which bounds how
    /// deeply Python calls can nest: the default allows about 1,600 nested calls of a plain function or method, 1,200
    /// through closures and 1,080 through <c>__init__</c> (CPython's limit is 1,000); 64 KiB about 148 and 110. Deeper
    /// recursion raises a <c>RuntimeError</c> ("maximum recursion depth exceeded") that Python code can catch. The stack
    /// is part of <see cref="MemoryLimit"/> (capped at an eighth of it); pages recursion never reaches cost nothing.
    /// A sandbox with a size other than the default starts without the pre-started interpreter image, which costs
    /// start-up time. Deep recursion needs a large native stack too: a run called on a thread with less than about
    /// 5 MiB of stack left (thread-pool threads, for example) runs on a thread of the library's own, with the same limits.
    /// </summary>
    public int StackBytes { get; set; } = Limits.StackBudget.DefaultBytes;

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

    /// <summary>
    /// What the guest's <c>input()</c> and <c>sys.stdin</c> read (UTF-8). Null (the default) is an empty
    /// input: <c>input()</c> raises EOFError and <c>sys.stdin.read()</c> returns ''. Reading blocks the run
    /// while the stream waits for data.
    /// </summary>
    public Stream? StandardInput { get; set; }

    /// <summary>Cap on the UTF-8 size of the source (default 1 MiB). Longer source is refused with <see cref="RunStatus.SourceTooLarge"/>.</summary>
    public int MaxSourceBytes { get; set; } = 1024 * 1024;

    /// <summary>Files the host provides, read-only to the guest (e.g. <c>options.Files.Add("/data/input.csv", bytes)</c>).</summary>
    public SandboxFileCollection Files { get; private set; } = new();

    /// <summary>Host directories mounted into the guest's filesystem, read-only unless added as writable.</summary>
    public SandboxMountCollection Mounts { get; private set; } = new();

    /// <summary>Cap on the bytes the guest's files may hold in memory (default 16 MiB); also caps bytes written through writable mounts. Past it, writes fail with ENOSPC.</summary>
    public long MaxFileSystemBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Cap on the files and directories the guest may create (default 1024). Past it, creation fails with ENOSPC.</summary>
    public int MaxFiles { get; set; } = 1024;

    /// <summary>Cap on the size of one file the guest writes (default 16 MiB). Past it, writes fail with ENOSPC.</summary>
    public long MaxFileBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>In a <see cref="PythonSession"/>: cap on the encoded size of the values crossing between Python and .NET in each direction of one call (default 1 MiB).</summary>
    public int MaxHostValueBytes { get; set; } = 1024 * 1024;

    /// <summary>In a <see cref="PythonSession"/>: cap on the nesting depth of lists, tuples and dicts crossing between Python and .NET (default 32).</summary>
    public int MaxHostValueDepth { get; set; } = 32;

    /// <summary>In a <see cref="PythonSession"/>: cap on calls to host functions in one run; null (the default) for none. Calls past it raise RuntimeError in Python.</summary>
    public int? MaxHostCalls { get; set; }

    /// <summary>
    /// In a <see cref="PythonSession"/>: whether synchronous host functions run on the thread that runs the guest
    /// (default false). By default a run with a time limit or a cancellable token calls them on the thread pool, so
    /// that one that blocks cannot hold the run past its limit (at the limit the run stops, the function's
    /// <see cref="CancellationToken"/> is cancelled and its late result is dropped); that hand-off costs a few
    /// microseconds per call. Set this when every function returns promptly and calls are many: a call then costs
    /// under a microsecond, and a function that blocks holds the run until it returns. Asynchronous functions
    /// (returning <see cref="Task{TResult}"/> or <see cref="ValueTask{TResult}"/>) are always started on the guest's
    /// thread and awaited within the run's limits, so they must not block before their first await.
    /// </summary>
    public bool RunHostFunctionsInline { get; set; }

    /// <summary>HTTP access for the guest through the host, off until an origin is allowed (e.g. <c>options.Network.AllowedOrigins.Add("https://api.example.com")</c>).</summary>
    public NetworkOptions Network { get; private set; } = new();

    /// <summary>A copy of every setting, so later changes to this instance do not affect a session created from it.</summary>
    internal SandboxOptions Clone() => new(this);

    /// <summary>Throws <see cref="ArgumentException"/> when a limit is out of range, a mounted directory is missing, or files and mounts conflict.</summary>
    public void Validate()
    {
        Limits.RunLimits.Validate(this);
        foreach (var mount in Mounts)
            if (!Directory.Exists(mount.HostDirectory))
                throw new ArgumentException($"The mounted host directory '{mount.HostDirectory}' does not exist.", nameof(Mounts));
        // Conflicts between files and mounts (a file below a mount, a file where a directory is needed).
        if (Files.Count + Mounts.Count > 0) FileSystem.VirtualFileSystem.Create(this);
    }
}
