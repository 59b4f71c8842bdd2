using System.Diagnostics;
using System.Text;
using MicroPython.Sandbox.Abi.Proxy;
using MicroPython.Sandbox.Engine;
using MicroPython.Sandbox.Limits;
using Wasmtime;

namespace MicroPython.Sandbox.Runtime;

// Running code and calls under a run's limits: set-up, the guest call, trap classification and the result.
internal sealed partial class Interpreter
{
    /// <summary>Python run at the end of start-up (part of the start-up image, and of its cache key).</summary>
    internal const string StartupCode = StandardInput.Prelude;

    /// <summary>A string or 32-bit integer argument for <see cref="CallPython"/>.</summary>
    public readonly record struct GuestArgument(string? Text, int Number)
    {
        public static implicit operator GuestArgument(string text) => new(text, 0);

        public static implicit operator GuestArgument(int number) => new(null, number);
    }

    /// <summary>Runs Python source (UTF-8) to completion, then its timer callbacks, or until a limit stops it.</summary>
    public RunResult Execute(ReadOnlySpan<byte> source, SandboxOptions options, RunOptions? runOptions, CancellationToken cancellation)
    {
        byte[] code = AsyncioCompat.Rewrite(source).ToArray();
        FileSystem.MainSource = code;
        byte[]? setArguments = runOptions?.Arguments is { } arguments ? ArgumentsCode(arguments) : null;
        uint src = 0, outp = 0;
        return Guarded(options, runOptions, run =>
        {
            outp = Malloc(ValueSlot.Size);
            if (outp == 0) return LimitOutcome.DoesNotFit("source");
            if (setArguments is not null)
            {
                src = CopyIn(setArguments);
                if (src == 0) return LimitOutcome.DoesNotFit("arguments");
                _doExec((int)src, setArguments.Length, (int)outp);
                Free(src);
                src = 0;
                if (ReadOutcome(outp, null) is { IsCompleted: false } failed) return failed;
            }
            src = CopyIn(code);
            if (src == 0) return LimitOutcome.DoesNotFit("source");
            _doExec((int)src, code.Length, (int)outp);
            return Finish(run, outp);
        },
        release: () =>
        {
            if (src != 0) Free(src);
            if (outp != 0) Free(outp);
        }, cancellation);
    }

    /// <summary>
    /// Python that sets <c>sys.argv</c> without binding a name in the guest's globals. Each argument travels as a bytes
    /// literal of hex escapes, so no argument can end the literal or change the code.
    /// </summary>
    private static byte[] ArgumentsCode(IReadOnlyList<string> arguments)
    {
        var code = new StringBuilder("__import__('sys').argv[:] = [");
        foreach (string argument in arguments)
        {
            code.Append("b'");
            foreach (byte b in Encoding.UTF8.GetBytes(argument)) code.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            code.Append("'.decode(),");
        }
        return Encoding.UTF8.GetBytes(code.Append("]\n").ToString());
    }

    /// <summary>
    /// Calls a Python callable the guest handed over (a <c>proxy_c_ref</c> index) with string and integer
    /// arguments, under the same limits and outcome rules as <see cref="Execute"/>. The callable's return
    /// value is dropped: it reports results through the bridge.
    /// </summary>
    public RunResult CallPython(int callable, IReadOnlyList<GuestArgument> arguments, SandboxOptions options, RunOptions? runOptions, CancellationToken cancellation)
    {
        // RunOptions.Arguments holds for a session's run as for a one-shot one: sys.argv is set first, in the same guarded call.
        byte[]? setArguments = runOptions?.Arguments is { } argv ? ArgumentsCode(argv) : null;
        uint slots = 0, src = 0, outp = 0;
        return Guarded(options, runOptions, run =>
        {
            if (setArguments is not null)
            {
                outp = Malloc(ValueSlot.Size);
                if (outp == 0) return LimitOutcome.DoesNotFit("arguments");
                src = CopyIn(setArguments);
                if (src == 0) return LimitOutcome.DoesNotFit("arguments");
                _doExec((int)src, setArguments.Length, (int)outp);
                Free(src);
                src = 0;
                if (ReadOutcome(outp, null) is { IsCompleted: false } failed) return failed;
            }
            slots = Malloc((uint)(ValueSlot.Size * (arguments.Count + 1)));
            if (slots == 0) return LimitOutcome.DoesNotFit("call");
            for (int i = 0; i < arguments.Count; i++)
            {
                uint slot = slots + (uint)(ValueSlot.Size * (i + 1));
                if (arguments[i].Text is { } text)
                {
                    // The C side takes ownership of the copy and frees it.
                    if (!TryWriteString(slot, text)) throw run.Stop(StopReason.GuestFault, "The call does not fit in the sandbox's memory.");
                }
                else
                {
                    ValueSlot.At(Memory, slot).WriteInteger(arguments[i].Number);
                }
            }
            ProxyCall(callable, arguments.Count, (int)slots + ValueSlot.Size, (int)slots);
            return Finish(run, slots);
        },
        release: () =>
        {
            if (src != 0) Free(src);
            if (outp != 0) Free(outp);
            if (slots != 0) Free(slots);
        }, cancellation);
    }

    /// <summary>
    /// Runs one guest call under the run's limits: the epoch deadline and ticker, and trap classification
    /// (after a trap the interpreter is broken and nothing is released, since its heap is in doubt).
    /// </summary>
    private RunResult Guarded(SandboxOptions options, RunOptions? runOptions, Func<RunContext, RunOutcome> call, Action release, CancellationToken cancellation) =>
        // Guest code may use StackBudget.NativeBytes of native stack; a thread with less moves the run to one with more.
        GuestThreads.CurrentHasRoom
            ? GuardedHere(options, runOptions, call, release, cancellation)
            : GuestThreads.Hand(() => GuardedHere(options, runOptions, call, release, cancellation));

    private RunResult GuardedHere(SandboxOptions options, RunOptions? runOptions, Func<RunContext, RunOutcome> call, Action release, CancellationToken cancellation)
    {
        var run = BeginRun(options, runOptions, cancellation, out long started, out ulong? fuelBudget);
        RunOutcome outcome;
        try
        {
            using var active = _engine.Ticker.Enter();
            _store.SetEpochDeadline(1);
            run.CheckDeadline();
            outcome = call(run);
            run.FlushOutput();
        }
        catch (Exception e) when (e is WasmtimeException or StopRunException or GuestMemoryException)
        {
            IsBroken = true;
            outcome = Classify(run, e);
            run.FlushOutputAfterStop();
        }
        finally
        {
            _store.SetEpochDeadline(ulong.MaxValue);
            CurrentRun = null;
        }
        if (!IsBroken) release();
        return EndRun(run, started, fuelBudget, outcome);
    }

    /// <summary>Reads a finished call's outcome from its value slot, then runs any timers it queued.</summary>
    private RunOutcome Finish(RunContext run, uint outp)
    {
        var outcome = ReadOutcome(outp, run.SourceName);
        if (outcome.IsCompleted && _events is { IsEmpty: false } events) outcome = events.RunPending(run, outp);
        return outcome;
    }

    private RunContext BeginRun(SandboxOptions options, RunOptions? runOptions, CancellationToken cancellation, out long started, out ulong? fuelBudget)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsBroken) throw new InvalidOperationException("The interpreter was stopped by a trap and cannot run again.");
        if (CurrentRun is not null) throw new InvalidOperationException("The interpreter is already running.");

        var limits = RunLimits.Resolve(options, runOptions);
        var run = new RunContext(limits, RunStreams.Resolve(options, runOptions), cancellation, runOptions?.SourceName);
        started = Stopwatch.GetTimestamp();
        CurrentRun = run;
        fuelBudget = _engine.Metered ? limits.Fuel ?? ulong.MaxValue : null;
        if (fuelBudget is { } budget) _store.Fuel = budget;
        Bridge?.BeginRun(run);
        return run;
    }

    private RunResult EndRun(RunContext run, long started, ulong? fuelBudget, RunOutcome outcome)
    {
        run.Dispose();
        _events?.DropPending();
        Bridge?.EndRun();
        run.Http?.Dispose();
        var final = LimitOutcome.ForGuestEnd(outcome, run.StopMessage, out int? exitCode);
        return new RunResult
        {
            Status = final.Status,
            Stdout = run.Stdout,
            Stderr = run.Stderr,
            Error = final.Error,
            Message = final.Message,
            ExitCode = exitCode,
            OutputTruncated = run.OutputTruncated,
            FuelConsumed = fuelBudget is { } b ? b - SafeFuel(b) : null,
            PeakMemoryBytes = Memory.Length,
            WallTime = Stopwatch.GetElapsedTime(started),
            Files = FileSystem.WrittenFiles(),
        };
    }

    private ulong SafeFuel(ulong budget)
    {
        try { return _store.Fuel; }
        catch (WasmtimeException) { return budget; }
    }

    /// <summary>The outcome in a value slot; an exception's frames in the run's code show <paramref name="sourceName"/> when given.</summary>
    internal RunOutcome ReadOutcome(uint outp, string? sourceName)
    {
        var slot = ValueSlot.At(Memory, outp);
        if (slot.MpKind != MpKind.Exception) return RunOutcome.Completed;
        uint length = slot.Length, text = slot.Pointer;
        string report = ReadReport(text, length);
        Free(text);
        var error = PythonError.Parse(report, sourceName);
        // Only a SyntaxError's hint reads its line; the source is not encoded for anything else.
        return RunOutcome.Raised(ErrorHints.Annotate(error, error.Type == "SyntaxError" ? FileSystem.MainSource : default));
    }

    /// <summary>
    /// Longest error report (exception type, traceback and message) copied out of the guest. The guest sizes its
    /// exception's message: <c>raise Exception('x' * 15_000_000)</c> would otherwise put 15 MB into both
    /// <see cref="PythonError.Message"/> and <see cref="PythonError.Traceback"/>.
    /// </summary>
    internal const int MaxErrorReportBytes = 64 * 1024;

    /// <summary>Marker put where an error report was cut, saying how many bytes were left out.</summary>
    internal static string TruncationMarker(long omitted) => $" ... [{omitted} bytes of the error report left out] ... ";

    /// <summary>
    /// A guest error report within <see cref="MaxErrorReportBytes"/>: a longer one keeps its head (the type and the
    /// frames) and its tail (the end of the message), with a marker saying how much was left out between them.
    /// </summary>
    private string ReadReport(uint text, uint length)
    {
        if (length <= MaxErrorReportBytes) return Memory.ReadUtf8(text, length);
        var all = Memory.Span(text, length);
        // The marker's room comes out of the cap, so the whole report stays within it.
        int half = (MaxErrorReportBytes - 96) / 2;
        var head = all[..half];
        var tail = all[^half..];
        // Cut on character boundaries: never in the middle of a UTF-8 sequence.
        while (head.Length > 0 && (head[^1] & 0xC0) == 0x80) head = head[..^1];
        if (head.Length > 0 && head[^1] >= 0xC0) head = head[..^1];
        while (tail.Length > 0 && (tail[0] & 0xC0) == 0x80) tail = tail[1..];
        long omitted = (long)length - head.Length - tail.Length;
        return Encoding.UTF8.GetString(head)
            + TruncationMarker(omitted)
            + Encoding.UTF8.GetString(tail);
    }

    /// <summary>The outcome of a run that trapped; see <see cref="LimitOutcome.ForTrap"/>.</summary>
    private RunOutcome Classify(RunContext run, Exception e)
    {
        bool? fatalErrorMeansMemory = (int)_splitBudget.GetValue()! == ModulePatcher.FatalErrorMarker
            ? Heap.FatalErrorMeansMemory(Memory.Length)
            : null;
        // The build's stack grows down towards address 0: a stack pointer that wrapped below it is an overflow.
        bool cStackOverflowed = StackPointer.GetValue() is int sp && (uint)sp >= (ulong)Memory.Length;
        return LimitOutcome.ForTrap(run.StopReason, run.StopMessage, e, run.HeapGrowthRefused, fatalErrorMeansMemory, cStackOverflowed);
    }

    /// <summary>Runs trusted Python during start-up, before any limit applies; it must complete.</summary>
    private void RunStartupCode(string code)
    {
        var source = Encoding.UTF8.GetBytes(code);
        uint src = CopyIn(source), outp = Malloc(ValueSlot.Size);
        if (src == 0 || outp == 0) throw new InvalidOperationException("The interpreter has no memory for its start-up code.");
        _doExec((int)src, source.Length, (int)outp);
        var outcome = ReadOutcome(outp, null);
        Free(src);
        Free(outp);
        if (!outcome.IsCompleted) throw new InvalidOperationException($"The interpreter's start-up code failed: {outcome.Error}");
    }
}
