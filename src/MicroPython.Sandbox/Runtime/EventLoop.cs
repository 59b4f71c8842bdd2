using System.Diagnostics;
using MicroPython.Sandbox.Abi.Proxy;

namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// The part of a JavaScript event loop this build's <c>asyncio</c> needs: <c>js.setTimeout</c> and
/// <c>js.clearTimeout</c> queue Python callbacks in a <see cref="TimerQueue"/> while the code runs, and once the
/// top-level code has finished the host runs them in due order (as a browser or node would) under the same
/// time limit, cancellation and fuel as the code itself. Each queued callback holds a Python reference, which
/// the loop releases when the callback has run, is cleared, or is dropped with a failed run.
/// </summary>
internal sealed class EventLoop(Interpreter interpreter)
{
    private readonly TimerQueue _timers = new();

    /// <summary>Whether no timer is pending.</summary>
    public bool IsEmpty => _timers.IsEmpty;

    /// <summary>Handles the guest's calls to <c>js.setTimeout(callback, ms)</c> and <c>js.clearTimeout(id)</c>.</summary>
    public void Call(int function, ReadOnlySpan<uint> slots, uint outp)
    {
        var memory = interpreter.Memory;
        int result = 0;
        if (function == ProxyRefs.SetTimeout && slots.Length >= 1 && ValueSlot.At(memory, slots[0]).MpKind == MpKind.Callable)
        {
            int callback = ValueSlot.At(memory, slots[0]).Int32;
            double delay = 0;
            if (slots.Length >= 2)
            {
                var ms = ValueSlot.At(memory, slots[1]);
                delay = ms.MpKind switch
                {
                    MpKind.Int => ms.Int32,
                    MpKind.Float => ms.Double,
                    _ => 0,
                };
            }
            result = _timers.Add(callback, delay);
            if (result == 0) interpreter.FreePythonRef(callback);
        }
        else if (function == ProxyRefs.ClearTimeout && slots.Length >= 1 && ValueSlot.At(memory, slots[0]).MpKind == MpKind.Int)
        {
            int callback = _timers.Remove(ValueSlot.At(memory, slots[0]).Int32);
            if (callback != 0) interpreter.FreePythonRef(callback);
        }
        else
        {
            // Anything else (a non-callable callback, a stray argument) gets the argument's reference released.
            foreach (uint slot in slots) interpreter.ReleaseReturnedObject(slot);
        }

        var answer = ValueSlot.At(memory, outp);
        if (result != 0) answer.WriteInteger(result);
        else answer.WriteUndefined();
    }

    /// <summary>Runs queued timer callbacks in due order, waiting for each (within the run's limits); stops at the first that raises.</summary>
    public RunOutcome RunPending(RunContext run, uint outp)
    {
        while (_timers.TryTakeNext(out int callback, out long due))
        {
            for (long wait; (wait = due - Stopwatch.GetTimestamp()) > 0;)
            {
                run.OnTick();
                run.Cancellation.WaitHandle.WaitOne(TimeSpan.FromTicks(Math.Min(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency, TimeSpan.TicksPerMillisecond * 5)));
            }
            run.OnTick();
            interpreter.CallPythonRef(callback, outp);
            interpreter.FreePythonRef(callback);
            interpreter.ReleaseReturnedObject(outp);
            var outcome = interpreter.ReadOutcome(outp, run.SourceName);
            if (!outcome.IsCompleted) return outcome;
        }
        return RunOutcome.Completed;
    }

    /// <summary>
    /// Drops the timers a run left (a failed run's, as the page they belonged to is gone). Their references are
    /// released unless the interpreter is broken, when its heap cannot be trusted to take the call.
    /// </summary>
    public void DropPending()
    {
        if (_timers.IsEmpty) return;
        var leftover = _timers.Clear();
        if (!interpreter.IsBroken) foreach (int callback in leftover) interpreter.FreePythonRef(callback);
    }
}
