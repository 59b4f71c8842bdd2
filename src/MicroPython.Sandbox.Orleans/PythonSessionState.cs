namespace MicroPython.Sandbox.Orleans;

/// <summary>What a session grain keeps in grain storage: the session's snapshot as <see cref="PythonSession.Save(Stream, CancellationToken)"/> writes it.</summary>
[GenerateSerializer]
[Alias("MicroPython.Sandbox.Orleans.PythonSessionState")]
internal sealed class PythonSessionState
{
    /// <summary>The snapshot; null before the session's first run that changed it (and after a reset).</summary>
    [Id(0)]
    public byte[]? Snapshot { get; set; }
}
