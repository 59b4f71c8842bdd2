namespace MicroPython.Sandbox;

/// <summary>How a run ended.</summary>
public enum RunStatus
{
    /// <summary>The code ran to the end (or called <c>sys.exit</c>).</summary>
    Completed,

    /// <summary>The code raised an exception it did not catch; see <see cref="RunResult.Error"/>.</summary>
    PythonError,

    /// <summary>The code needed more memory than <see cref="SandboxOptions.MemoryLimit"/> allows.</summary>
    MemoryLimitExceeded,

    /// <summary>The run passed <see cref="SandboxOptions.Timeout"/> and was stopped.</summary>
    TimeLimitExceeded,

    /// <summary>The run used up <see cref="SandboxOptions.Fuel"/> and was stopped.</summary>
    FuelExhausted,

    /// <summary>The code wrote more than <see cref="SandboxOptions.MaxOutputBytes"/> and was stopped; output up to the limit is kept.</summary>
    OutputLimitExceeded,

    /// <summary>The caller's <see cref="CancellationToken"/> stopped the run.</summary>
    Cancelled,

    /// <summary>The source was longer than <see cref="SandboxOptions.MaxSourceBytes"/>; nothing ran.</summary>
    SourceTooLarge,

    /// <summary>The interpreter stopped on an internal fault (a WebAssembly trap nothing else explains; native stack exhaustion is a <c>RecursionError</c> under <see cref="PythonError"/>); the sandbox was discarded.</summary>
    Fault,
}
