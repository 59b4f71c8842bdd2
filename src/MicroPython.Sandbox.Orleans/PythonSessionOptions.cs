namespace MicroPython.Sandbox.Orleans;

/// <summary>
/// The silo's configuration of its Python session grains (<see cref="IPythonSessionGrain"/>): the grain storage their
/// snapshots go to, the limits every session runs under, and the host functions every session gets.
/// </summary>
public sealed class PythonSessionOptions
{
    /// <summary>The storage name used when none is set: register a grain storage provider by this name.</summary>
    public const string DefaultStorageName = "PythonSessions";

    /// <summary>
    /// The name of the grain storage provider that keeps session snapshots (e.g. <c>AddMemoryGrainStorage("PythonSessions")</c>,
    /// or a durable provider in production); <see cref="DefaultStorageName"/> by default. Every silo of the cluster
    /// must use the same storage, or a session moved to another silo starts empty.
    /// </summary>
    public string StorageName { get; set; } = DefaultStorageName;

    /// <summary>
    /// The limits, files and mounts of every session (memory, timeout, fuel, output, ...); each session takes a copy
    /// when it starts or is restored. The memory limit must hold the largest session you store: a snapshot bigger than
    /// it cannot be restored (<see cref="PythonSessionStateException"/> with <see cref="SessionSnapshotError.ExceedsLimits"/>).
    /// </summary>
    public SandboxOptions Sandbox { get; } = new();

    /// <summary>
    /// Defines the host functions (and anything else) of every session, with the activation's services: called for each
    /// session a grain starts, restores or receives by a fork, before its first run, after the services'
    /// <see cref="IPythonSessionConfigurator"/>s. Host functions are configuration, not state: a restored session gets
    /// the functions of the silo that restored it, by name.
    /// </summary>
    public Action<PythonSession, IServiceProvider>? ConfigureSession { get; set; }
}
