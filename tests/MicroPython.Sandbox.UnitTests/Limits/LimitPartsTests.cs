using System.Diagnostics;
using MicroPython.Sandbox.Limits;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.UnitTests;

/// <summary>The parts of Limits/ that need no interpreter: outcome mapping, heap arithmetic, run limits, deadline and output cap.</summary>
public sealed class LimitPartsTests
{
    private static readonly Exception Trap = new Wasmtime.WasmtimeException("wasm backtrace:\n  0: 0x1234 - <unknown>\nwasm trap: indirect call type mismatch");

    // ---- LimitOutcome ----

    [Theory]
    [InlineData((int)StopReason.Timeout, RunStatus.TimeLimitExceeded)]
    [InlineData((int)StopReason.Cancelled, RunStatus.Cancelled)]
    [InlineData((int)StopReason.OutputLimit, RunStatus.OutputLimitExceeded)]
    [InlineData((int)StopReason.GuestFault, RunStatus.Fault)]
    public void EachHostStopEndsTheRunWithItsOwnStatusAndTheStopsMessage(int reason, RunStatus expected)
    {
        var outcome = LimitOutcome.ForTrap((StopReason)reason, "why it stopped", Trap, heapGrowthRefused: false, fatalErrorMeansMemory: null);
        Assert.Equal(new RunOutcome(expected, null, "why it stopped"), outcome);
    }

    [Fact]
    public void AHostStopWinsOverARefusedHeapGrowthAndAFatalError()
    {
        var outcome = LimitOutcome.ForTrap(StopReason.Timeout, LimitOutcome.TimeLimitMessage, Trap, heapGrowthRefused: true, fatalErrorMeansMemory: true);
        Assert.Equal(RunStatus.TimeLimitExceeded, outcome.Status);
    }

    [Fact]
    public void ATrapAfterARefusedHeapGrowthIsTheMemoryLimit()
    {
        var outcome = LimitOutcome.ForTrap(StopReason.None, null, Trap, heapGrowthRefused: true, fatalErrorMeansMemory: null);
        Assert.Equal(new RunOutcome(RunStatus.MemoryLimitExceeded, null, LimitOutcome.MemoryLimitMessage), outcome);
    }

    [Fact]
    public void MicroPythonsFatalErrorIsTheMemoryLimitNearTheCapAndAFaultElsewhere()
    {
        Assert.Equal(RunStatus.MemoryLimitExceeded, LimitOutcome.ForTrap(StopReason.None, null, Trap, false, fatalErrorMeansMemory: true).Status);
        var fault = LimitOutcome.ForTrap(StopReason.None, null, Trap, false, fatalErrorMeansMemory: false);
        Assert.Equal(new RunOutcome(RunStatus.Fault, null, LimitOutcome.FatalErrorMessage), fault);
    }

    [Fact]
    public void ATrapWithTheStackPointerBelowTheStackIsAFaultThatSaysTheCodeNestedTooDeeply()
    {
        var overflow = LimitOutcome.ForTrap(StopReason.None, null, Trap, false, null, cStackOverflowed: true);
        Assert.Equal(new RunOutcome(RunStatus.Fault, null, LimitOutcome.CStackOverflowMessage), overflow);
        // A host stop and a refused heap growth still come first.
        Assert.Equal(RunStatus.MemoryLimitExceeded, LimitOutcome.ForTrap(StopReason.None, null, Trap, true, null, cStackOverflowed: true).Status);
    }

    [Fact]
    public void AnUnexplainedTrapIsAFaultThatNamesTheCauseFromTheLastLineOfTheBacktrace()
    {
        var outcome = LimitOutcome.ForTrap(StopReason.None, null, Trap, false, null);
        Assert.Equal(RunStatus.Fault, outcome.Status);
        Assert.Equal(LimitOutcome.InternalFaultMessage("wasm trap: indirect call type mismatch"), outcome.Message);
        Assert.Contains("not an error in the Python code", outcome.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("", 0)]
    [InlineData("goodbye", 1)]
    public void SystemExitCompletesTheRunWithCPythonsExitStatus(string argument, int expectedExitCode)
    {
        var exit = new PythonError("SystemExit", argument, $"SystemExit: {argument}\n", 1);
        var outcome = LimitOutcome.ForGuestEnd(RunOutcome.Raised(exit), null, out int? exitCode);
        Assert.Equal(RunOutcome.Completed, outcome);
        Assert.Equal(expectedExitCode, exitCode);
    }

    [Fact]
    public void MemoryErrorIsTheMemoryLimitAndKeepsThePythonError()
    {
        var error = new PythonError("MemoryError", "memory allocation failed", "MemoryError: memory allocation failed\n", 2);
        var outcome = LimitOutcome.ForGuestEnd(RunOutcome.Raised(error), null, out int? exitCode);
        Assert.Equal(new RunOutcome(RunStatus.MemoryLimitExceeded, error, LimitOutcome.MemoryErrorMessage), outcome);
        Assert.Null(exitCode);
    }

    [Fact]
    public void AnOrdinaryPythonErrorPassesThroughUnchanged()
    {
        var error = new PythonError("ValueError", "bad", "ValueError: bad\n", 1);
        Assert.Equal(RunOutcome.Raised(error), LimitOutcome.ForGuestEnd(RunOutcome.Raised(error), "unrelated", out _));
    }

    [Fact]
    public void AnOutputStopWithoutAMessageTakesTheMessageTheStopRecorded()
    {
        var outcome = LimitOutcome.ForGuestEnd(new RunOutcome(RunStatus.OutputLimitExceeded), "Output exceeded the limit of 5 bytes.", out _);
        Assert.Equal("Output exceeded the limit of 5 bytes.", outcome.Message);
    }

    // ---- HeapBudget ----

    [Theory]
    [InlineData(64L << 20, 1L << 20)]
    [InlineData(4L << 20, 1L << 20)]
    [InlineData(2L << 20, 512L << 10)]
    public void TheFirstHeapAreaIsOneMebibyteOrAQuarterOfASmallCap(long cap, long expected)
    {
        Assert.Equal(expected, new HeapBudget(cap).FirstHeapArea);
        Assert.Equal(expected, Interpreter.FirstHeapAreaBytes(cap));
    }

    [Theory]
    [InlineData(2L << 20, 128L << 10)]
    [InlineData(16L << 20, 512L << 10)]
    [InlineData(1L << 30, 1L << 20)]
    public void TheAllocatorReserveIsAThirtySecondOfTheCapBetween128KiBAnd1MiB(long cap, long expected) =>
        Assert.Equal(expected, new HeapBudget(cap).AllocatorReserve);

    [Fact]
    public void TheSplitBudgetIsWhatIsLeftUnderTheCapAfterTheReserveAndNeverNegative()
    {
        var heap = new HeapBudget(64L << 20);
        Assert.Equal((64L << 20) - (8L << 20) - heap.AllocatorReserve, heap.SplitBudget(8L << 20));
        Assert.Equal(0, heap.SplitBudget(64L << 20));
    }

    [Fact]
    public void MemoryGrowsByWholePagesToWhatWasAskedAndNeverPastTheCap()
    {
        var heap = new HeapBudget(4L << 20);
        Assert.True(heap.TryPlanGrowth(1u << 20, 2L << 20, out long none));
        Assert.Equal(0, none);
        Assert.True(heap.TryPlanGrowth((2u << 20) + 1, 2L << 20, out long one));
        Assert.Equal(1, one);
        Assert.True(heap.TryPlanGrowth(4u << 20, 2L << 20, out long toCap));
        Assert.Equal(32, toCap);
        Assert.False(heap.TryPlanGrowth((4u << 20) + 1, 2L << 20, out _));
    }

    [Fact]
    public void AFatalErrorMeansMemoryOnlyWhenTheHeapIsNearTheCap()
    {
        var heap = new HeapBudget(64L << 20);
        Assert.True(heap.FatalErrorMeansMemory((64L << 20) - (1L << 20)));
        Assert.False(heap.FatalErrorMeansMemory(8L << 20));
    }

    // ---- RunLimits ----

    [Fact]
    public void ARunsOwnTimeoutReplacesTheSandboxsAndEveryOtherLimitComesFromTheSandbox()
    {
        var options = new SandboxOptions { Timeout = TimeSpan.FromSeconds(5), MemoryLimit = 8L << 20, Fuel = 1000, MaxOutputBytes = 77, MaxSourceBytes = 99, MaxFiles = 3, MaxHostCalls = 4 };
        var limits = RunLimits.Resolve(options, new RunOptions { Timeout = TimeSpan.FromSeconds(1) });
        Assert.Equal(TimeSpan.FromSeconds(1), limits.Timeout);
        Assert.Equal((8L << 20, 1000UL, 77L, 99), (limits.MemoryLimit, limits.Fuel!.Value, limits.MaxOutputBytes, limits.MaxSourceBytes));
        Assert.Equal(3, limits.FileSystem.MaxFiles);
        Assert.Equal(4, limits.HostValues.MaxHostCalls);
        Assert.Equal(new HeapBudget(8L << 20), limits.Heap);
    }

    [Fact]
    public void ARunWithoutItsOwnTimeoutKeepsTheSandboxs()
    {
        var options = new SandboxOptions { Timeout = TimeSpan.FromSeconds(7) };
        Assert.Equal(TimeSpan.FromSeconds(7), RunLimits.Resolve(options, new RunOptions { SourceName = "x.py" }).Timeout);
        Assert.Equal(TimeSpan.FromSeconds(7), RunLimits.Resolve(options).Timeout);
    }

    [Fact]
    public void ARunsOwnStreamsReplaceTheSandboxsOneByOne()
    {
        using Stream sandboxIn = new MemoryStream(), sandboxOut = new MemoryStream(), sandboxErr = new MemoryStream(), runOut = new MemoryStream();
        var options = new SandboxOptions { StandardInput = sandboxIn, StandardOutput = sandboxOut, StandardError = sandboxErr };
        var streams = RunStreams.Resolve(options, new RunOptions { StandardOutput = runOut });
        Assert.Same(sandboxIn, streams.Input);
        Assert.Same(runOut, streams.Output);
        Assert.Same(sandboxErr, streams.Error);
    }

    [Theory]
    [InlineData(nameof(SandboxOptions.MemoryLimit))]
    [InlineData(nameof(SandboxOptions.Timeout))]
    [InlineData(nameof(SandboxOptions.Fuel))]
    [InlineData(nameof(SandboxOptions.MaxOutputBytes))]
    [InlineData(nameof(SandboxOptions.MaxHostValueDepth))]
    [InlineData(nameof(SandboxOptions.MaxHostCalls))]
    [InlineData(nameof(SandboxOptions.MaxFiles))]
    public void AnOutOfRangeLimitIsRefusedNamingTheOption(string option)
    {
        var options = new SandboxOptions();
        switch (option)
        {
            case nameof(SandboxOptions.MemoryLimit): options.MemoryLimit = 1024; break;
            case nameof(SandboxOptions.Timeout): options.Timeout = TimeSpan.Zero; break;
            case nameof(SandboxOptions.Fuel): options.Fuel = 0; break;
            case nameof(SandboxOptions.MaxOutputBytes): options.MaxOutputBytes = -1; break;
            case nameof(SandboxOptions.MaxHostValueDepth): options.MaxHostValueDepth = 1001; break;
            case nameof(SandboxOptions.MaxHostCalls): options.MaxHostCalls = -1; break;
            case nameof(SandboxOptions.MaxFiles): options.MaxFiles = -1; break;
        }
        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal(option, e.ParamName);
    }

    [Fact]
    public void AnInfiniteTimeoutIsAcceptedForTheSandboxAndForARun()
    {
        RunLimits.ValidateTimeout(Timeout.InfiniteTimeSpan, "Timeout");
        new SandboxOptions { Timeout = Timeout.InfiniteTimeSpan }.Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => RunLimits.ValidateTimeout(TimeSpan.FromSeconds(-1), "Timeout"));
    }

    // ---- Deadline ----

    [Fact]
    public void ADeadlinePassesAtItsTimeoutAndNotBefore()
    {
        long start = 1_000_000;
        var deadline = new Deadline(TimeSpan.FromSeconds(2), start, CancellationToken.None);
        Assert.Equal(StopReason.None, deadline.Check(start + Stopwatch.Frequency));
        Assert.Equal(StopReason.Timeout, deadline.Check(start + 2 * Stopwatch.Frequency));
        Assert.Equal(TimeSpan.FromSeconds(1), deadline.Remaining(start + Stopwatch.Frequency));
        Assert.Equal(TimeSpan.Zero, deadline.Remaining(start + 3 * Stopwatch.Frequency));
    }

    [Fact]
    public void CancellationStopsTheRunEvenBeforeItsDeadlineAndWinsOverATimeout()
    {
        using var cts = new CancellationTokenSource();
        var deadline = new Deadline(TimeSpan.FromSeconds(1), 0, cts.Token);
        cts.Cancel();
        Assert.Equal(StopReason.Cancelled, deadline.Check(0));
        Assert.Equal(StopReason.Cancelled, deadline.Check(10 * Stopwatch.Frequency));
    }

    [Fact]
    public void AnInfiniteTimeoutNeverPasses()
    {
        var deadline = new Deadline(Timeout.InfiniteTimeSpan, 0, CancellationToken.None);
        Assert.True(deadline.IsInfinite);
        Assert.Equal(StopReason.None, deadline.Check(long.MaxValue - 1));
        Assert.Equal(Timeout.InfiniteTimeSpan, deadline.Remaining(0));
    }

    [Fact]
    public void AVeryLongTimeoutDoesNotWrapAroundIntoThePast()
    {
        var deadline = new Deadline(TimeSpan.MaxValue, Stopwatch.GetTimestamp(), CancellationToken.None);
        Assert.Equal(StopReason.None, deadline.Check());
    }

    // ---- OutputBudget and the run's output ----

    [Fact]
    public void OutputIsAdmittedUpToTheCapAndTheWriteThatPassesItIsCut()
    {
        var budget = new OutputBudget(10);
        Assert.Equal(6, budget.Admit(6));
        Assert.False(budget.Truncated);
        Assert.Equal(4, budget.Admit(6));
        Assert.True(budget.Truncated);
        Assert.Equal(0, budget.Admit(1));
        Assert.Equal(10, budget.Used);
    }

    [Fact]
    public void AWriteThatPassesTheOutputCapKeepsWhatFitsAndStopsTheRunWithTheCapsMessage()
    {
        var options = new SandboxOptions { MaxOutputBytes = 5 };
        var run = new RunContext(RunLimits.Resolve(options), RunStreams.Resolve(options, null), CancellationToken.None);
        run.Write(1, "abc"u8);
        var stop = Assert.Throws<StopRunException>(() => run.Write(2, "defg"u8));
        Assert.Equal(StopReason.OutputLimit, stop.Reason);
        Assert.Equal(("abc", "de", true), (run.Stdout, run.Stderr, run.OutputTruncated));
        Assert.Equal(LimitOutcome.OutputLimitMessage(5), run.StopMessage);
    }

    [Fact]
    public void TheFirstReasonARunStopsForIsTheOneItKeeps()
    {
        var options = new SandboxOptions();
        var run = new RunContext(RunLimits.Resolve(options), default, CancellationToken.None);
        run.Stop(StopReason.GuestFault, "first");
        run.Stop(StopReason.Timeout, "second");
        Assert.Equal((StopReason.GuestFault, "first"), (run.StopReason, run.StopMessage));
    }
}
