using System.Diagnostics;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Limits;

/// <summary>
/// A run's wall-clock limit and cancellation, checked together. The guest cannot be interrupted from outside a
/// host callback, so <see cref="EpochTicker"/> makes Wasmtime call back every few milliseconds and the run checks
/// here; host code that waits (timers, async host functions) checks too and waits no longer than <see cref="Remaining"/>.
/// </summary>
internal readonly struct Deadline
{
    /// <summary>Starts the clock now.</summary>
    /// <param name="timeout">The time limit, or <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellation">Stops the run when cancelled.</param>
    public Deadline(TimeSpan timeout, CancellationToken cancellation)
        : this(timeout, Stopwatch.GetTimestamp(), cancellation)
    {
    }

    /// <summary>Starts the clock at <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public Deadline(TimeSpan timeout, long startTimestamp, CancellationToken cancellation)
    {
        Cancellation = cancellation;
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            At = long.MaxValue;
        }
        else
        {
            // Saturate: a timeout of days must not wrap around into the past.
            double ticks = timeout.TotalSeconds * Stopwatch.Frequency;
            At = ticks >= long.MaxValue - startTimestamp ? long.MaxValue : startTimestamp + (long)ticks;
        }
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the run times out; <see cref="long.MaxValue"/> for never.</summary>
    public long At { get; }

    /// <summary>Whether the run has no time limit.</summary>
    public bool IsInfinite => At == long.MaxValue;

    /// <summary>The run's cancellation token.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Why the run must stop now, or <see cref="StopReason.None"/>. Cancellation wins over a timeout.</summary>
    public StopReason Check() => Check(Stopwatch.GetTimestamp());

    /// <summary>Why the run must stop at <paramref name="now"/> (a <see cref="Stopwatch"/> timestamp), or <see cref="StopReason.None"/>.</summary>
    public StopReason Check(long now) =>
        Cancellation.IsCancellationRequested ? StopReason.Cancelled
        : now >= At ? StopReason.Timeout
        : StopReason.None;

    /// <summary>Time left at <paramref name="now"/>: zero once passed, <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</summary>
    public TimeSpan Remaining(long now) =>
        IsInfinite ? Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(Math.Max(0, (long)((double)(At - now) / Stopwatch.Frequency * TimeSpan.TicksPerSecond)));
}
