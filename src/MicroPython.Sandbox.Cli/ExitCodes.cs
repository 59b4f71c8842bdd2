namespace MicroPython.Sandbox.Cli;

/// <summary>The process exit codes of <c>mpsandbox</c>, one per way a run can end.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int PythonError = 1;
    public const int Usage = 2;
    public const int MemoryLimit = 3;
    public const int TimeLimit = 4;
    public const int FuelExhausted = 5;
    public const int OutputLimit = 6;
    public const int SourceTooLarge = 7;
    public const int Fault = 8;

    /// <summary>The <c>--session</c> file cannot be read, restored or saved; it is left as it was.</summary>
    public const int SessionFile = 9;
    public const int Cancelled = 130;

    public static int For(RunResult result) => result.Status switch
    {
        RunStatus.Completed => result.ExitCode ?? Success,
        RunStatus.PythonError => PythonError,
        RunStatus.MemoryLimitExceeded => MemoryLimit,
        RunStatus.TimeLimitExceeded => TimeLimit,
        RunStatus.FuelExhausted => FuelExhausted,
        RunStatus.OutputLimitExceeded => OutputLimit,
        RunStatus.SourceTooLarge => SourceTooLarge,
        RunStatus.Cancelled => Cancelled,
        _ => Fault,
    };
}
