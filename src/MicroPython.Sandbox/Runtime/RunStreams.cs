namespace MicroPython.Sandbox.Runtime;

/// <summary>The streams one run reads and writes: the run's own (<see cref="RunOptions"/>) where set, else the sandbox's.</summary>
/// <param name="Input">What <c>input()</c> and <c>sys.stdin</c> read; null for an empty input.</param>
/// <param name="Output">Where standard output streams; null to collect it in the result.</param>
/// <param name="Error">Where standard error streams; null to collect it in the result.</param>
internal readonly record struct RunStreams(Stream? Input, Stream? Output, Stream? Error)
{
    public static RunStreams Resolve(SandboxOptions options, RunOptions? runOptions) => new(
        runOptions?.StandardInput ?? options.StandardInput,
        runOptions?.StandardOutput ?? options.StandardOutput,
        runOptions?.StandardError ?? options.StandardError);
}
