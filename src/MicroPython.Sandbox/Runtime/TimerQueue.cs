using System.Diagnostics;
using MicroPython.Sandbox.Abi.Proxy;

namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// <c>js.setTimeout</c> and <c>js.clearTimeout</c> for the guest, the only part of a JavaScript event
/// loop that this build's <c>asyncio</c> needs. Callbacks are queued while the code runs and the host
/// runs them in due order once the top-level code has finished (as a browser or node would), under the
/// same time limit, cancellation and fuel as the code itself (see <see cref="EventLoop"/>). The two functions are
/// the host references <see cref="ProxyRefs.SetTimeout"/> and <see cref="ProxyRefs.ClearTimeout"/>.
/// </summary>
internal sealed class TimerQueue
{
    /// <summary>Cap on pending timers, so guest code cannot grow host memory without bound.</summary>
    public const int MaxPending = 10_000;

    private readonly PriorityQueue<Timer, (long Due, int Id)> _queue = new();
    private readonly Dictionary<int, Timer> _pending = [];
    private int _nextId = 1;

    private sealed record Timer(int Id, int Callback, long Due);

    public bool IsEmpty => _pending.Count == 0;

    /// <summary>The reference of a global function the guest looked up on <c>js</c>, or 0 when there is none.</summary>
    public static int Lookup(string name) => name switch
    {
        "setTimeout" => ProxyRefs.SetTimeout,
        "clearTimeout" => ProxyRefs.ClearTimeout,
        _ => 0,
    };

    /// <summary>Queues <paramref name="callback"/> (a Python object reference) to run after <paramref name="delayMs"/>; returns the timer id.</summary>
    public int Add(int callback, double delayMs)
    {
        if (_pending.Count >= MaxPending) return 0;
        delayMs = double.IsFinite(delayMs) ? Math.Clamp(delayMs, 0, int.MaxValue) : 0;
        var timer = new Timer(_nextId++, callback, Stopwatch.GetTimestamp() + (long)(delayMs / 1000 * Stopwatch.Frequency));
        _pending[timer.Id] = timer;
        _queue.Enqueue(timer, (timer.Due, timer.Id));
        return timer.Id;
    }

    /// <summary>Cancels a timer; returns its callback reference (for the caller to release) or 0.</summary>
    public int Remove(int id) => _pending.Remove(id, out var timer) ? timer.Callback : 0;

    /// <summary>Takes the next pending timer in due order.</summary>
    public bool TryTakeNext(out int callback, out long due)
    {
        while (_queue.TryDequeue(out var timer, out _))
        {
            if (_pending.Remove(timer.Id))
            {
                (callback, due) = (timer.Callback, timer.Due);
                return true;
            }
        }
        (callback, due) = (0, 0);
        return false;
    }

    /// <summary>Drops every timer; returns the callback references to release.</summary>
    public List<int> Clear()
    {
        var callbacks = _pending.Values.Select(t => t.Callback).ToList();
        _pending.Clear();
        _queue.Clear();
        return callbacks;
    }
}
