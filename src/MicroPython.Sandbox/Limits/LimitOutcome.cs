using MicroPython.Sandbox.Runtime;
using Wasmtime;

namespace MicroPython.Sandbox.Limits;

/// <summary>
/// The one mapping from why a run ended to its <see cref="RunStatus"/> and message. A limit is hit in three ways:
/// the host stops the guest from a callback (<see cref="StopReason"/>, see <see cref="StatusOf"/>), Wasmtime traps it
/// (fuel, a refused memory growth, MicroPython's fatal-error path: <see cref="ForTrap"/>), or the guest ends with a
/// Python exception that means a limit or an exit (<see cref="ForGuestEnd"/>). Every message a limit produces is
/// written here, so adding a limit means adding its case here and its status to <see cref="RunStatus"/>.
/// </summary>
internal static class LimitOutcome
{
    public const string TimeLimitMessage = "The run exceeded its time limit.";
    public const string CancelledMessage = "The run was cancelled.";
    public const string FuelMessage = "The run used up its fuel budget.";
    public const string MemoryLimitMessage = "The code needed more memory than the sandbox's limit.";
    public const string MemoryErrorMessage = "The code ran out of memory (MemoryError).";
    public const string FatalErrorMessage = "The interpreter hit a fatal error: a fault inside the interpreter, not an error in the Python code; the sandbox was discarded.";

    /// <summary>
    /// The message of an out-of-bounds access: in Python code this is a size past the interpreter's 32-bit arithmetic
    /// (a multiplication inside the interpreter wraps, a small block is allocated and filled past the end of memory).
    /// </summary>
    public const string SizeOverflowMessage = "The code asked for an object too large for the interpreter's 32-bit memory (for example [0] * 2**30), "
        + "or reached outside the sandbox's memory with uctypes; the sandbox was discarded.";

    /// <summary>
    /// The Python error of a run whose native (WebAssembly) stack ran out: C code of the interpreter that recurses
    /// without MicroPython's own depth check (<c>==</c> or <c>hash()</c> of values nested about a thousand deep). The
    /// trap cannot be caught by the Python code, but it is reported as the RecursionError CPython raises for the
    /// same code, not as an interpreter fault.
    /// </summary>
    public static PythonError NativeStackError { get; } = new(
        "RecursionError",
        NativeStackErrorText,
        "Traceback (most recent call last):\nRecursionError: " + NativeStackErrorText + "\n",
        null);

    private const string NativeStackErrorText = "maximum recursion depth exceeded in the interpreter's native code (a value or expression nested too deeply)";

    /// <summary>The message of a run stopped by <see cref="NativeStackError"/>.</summary>
    public const string NativeStackMessage = "The interpreter's native stack ran out (RecursionError, which the code cannot catch); the run was stopped, and a session is rolled back.";

    /// <summary>
    /// The message of C code that recursed past the end of the interpreter's C stack (code the compiler or C functions
    /// recurse into without MicroPython's depth check, such as thousands of nested brackets): with the build's stack at
    /// the bottom of memory the overflow reads or writes below address 0.
    /// </summary>
    public const string CStackOverflowMessage = "The code nested too deeply for the interpreter's C stack (for example thousands of nested brackets); "
        + "the sandbox was discarded.";

    /// <summary>The message of a trap nothing explains: an interpreter fault, said as such.</summary>
    public static string InternalFaultMessage(string cause) =>
        $"The interpreter stopped on an internal fault ({cause}): a fault inside the interpreter, not an error in the Python code; the sandbox was discarded.";

    /// <summary>The message of a run stopped at the output cap.</summary>
    public static string OutputLimitMessage(long maxBytes) => $"Output exceeded the limit of {maxBytes} bytes.";

    /// <summary>The message of source refused for its size.</summary>
    public static string SourceTooLargeMessage(int bytes, int maxBytes) => $"The source is {bytes} bytes; the limit is {maxBytes}.";

    /// <summary>The outcome of host data (source, arguments, a call) that does not fit in the guest's heap.</summary>
    public static RunOutcome DoesNotFit(string what) => new(RunStatus.MemoryLimitExceeded, null, $"The {what} does not fit in the sandbox's memory.");

    /// <summary>The message for a deadline stop (<see cref="StopReason.Timeout"/> or <see cref="StopReason.Cancelled"/>).</summary>
    public static string DeadlineMessage(StopReason reason) => reason switch
    {
        StopReason.Timeout => TimeLimitMessage,
        StopReason.Cancelled => CancelledMessage,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a deadline stop."),
    };

    /// <summary>The status of a run the host stopped for <paramref name="reason"/>; null for <see cref="StopReason.None"/>.</summary>
    public static RunStatus? StatusOf(StopReason reason) => reason switch
    {
        StopReason.Timeout => RunStatus.TimeLimitExceeded,
        StopReason.Cancelled => RunStatus.Cancelled,
        StopReason.OutputLimit => RunStatus.OutputLimitExceeded,
        StopReason.GuestFault => RunStatus.Fault,
        _ => null,
    };

    /// <summary>
    /// The outcome of a run that ended in a trap (or a host stop, which Wasmtime surfaces as one).
    /// </summary>
    /// <param name="stop">Why the host stopped the run, if it did; the first stop wins.</param>
    /// <param name="stopMessage">The message recorded with <paramref name="stop"/>.</param>
    /// <param name="trap">What Wasmtime (or a host callback) threw.</param>
    /// <param name="heapGrowthRefused">Whether the run asked for memory past the cap.</param>
    /// <param name="fatalErrorMeansMemory">
    /// Null when MicroPython did not take its fatal-error path; otherwise <see cref="HeapBudget.FatalErrorMeansMemory"/>.
    /// </param>
    /// <param name="cStackOverflowed">Whether the C stack pointer was left past the bottom of the stack (below address 0).</param>
    public static RunOutcome ForTrap(StopReason stop, string? stopMessage, Exception trap, bool heapGrowthRefused, bool? fatalErrorMeansMemory, bool cStackOverflowed = false)
    {
        if (StatusOf(stop) is { } stopped) return new(stopped, null, stopMessage);
        if (trap is TrapException { Type: TrapCode.OutOfFuel }) return new(RunStatus.FuelExhausted, null, FuelMessage);
        if (heapGrowthRefused) return new(RunStatus.MemoryLimitExceeded, null, MemoryLimitMessage);
        // Spilled frames make deep C recursion reach the stack's end before Wasmtime's native stack limit: a fault, as
        // that limit is, not the memory limit.
        if (cStackOverflowed) return new(RunStatus.Fault, null, CStackOverflowMessage);
        if (trap is TrapException { Type: TrapCode.MemoryOutOfBounds }) return new(RunStatus.MemoryLimitExceeded, null, SizeOverflowMessage);
        if (fatalErrorMeansMemory is null && IsStackOverflow(trap)) return new(RunStatus.PythonError, NativeStackError, NativeStackMessage);
        return fatalErrorMeansMemory switch
        {
            true => new(RunStatus.MemoryLimitExceeded, null, MemoryLimitMessage),
            false => new(RunStatus.Fault, null, FatalErrorMessage),
            null => new(RunStatus.Fault, null, InternalFaultMessage(Describe(trap))),
        };
    }

    /// <summary>
    /// The final outcome of a run that ended without a trap or with one: <c>SystemExit</c> is a completed run with an
    /// exit code (as CPython's exit status), <c>MemoryError</c> is the memory limit, and a run stopped at the output
    /// cap keeps the cap's message.
    /// </summary>
    public static RunOutcome ForGuestEnd(RunOutcome outcome, string? stopMessage, out int? exitCode)
    {
        exitCode = null;
        switch (outcome.Error)
        {
            case { Type: "SystemExit" } exit:
                exitCode = int.TryParse(exit.Message, out int code) ? code : exit.Message.Length == 0 ? 0 : 1;
                return new(RunStatus.Completed, null, outcome.Message);
            case { Type: "MemoryError" }:
                return outcome with { Status = RunStatus.MemoryLimitExceeded, Message = MemoryErrorMessage };
        }
        if (outcome is { Message: null, Status: RunStatus.OutputLimitExceeded }) return outcome with { Message = stopMessage };
        return outcome;
    }

    private static bool IsStackOverflow(Exception e)
    {
        while (e.InnerException is not null && e is not TrapException) e = e.InnerException;
        return e is TrapException { Type: TrapCode.StackOverflow };
    }

    /// <summary>A short description of a trap: its code, or the cause Wasmtime puts after the backtrace.</summary>
    public static string Describe(Exception e)
    {
        while (e.InnerException is not null && e is not TrapException) e = e.InnerException;
        if (e is TrapException trap && trap.Type != TrapCode.Undefined) return trap.Type.ToString();
        // Wasmtime puts the cause ("wasm trap: ...", the host exception) on the last line after the backtrace.
        var lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? e.GetType().Name : lines[^1];
    }
}
