using System.Buffers;
using System.Text;
using MicroPython.Sandbox.Limits;

namespace MicroPython.Sandbox.Runtime;

/// <summary>The state of one run: captured output, its limits and why it stopped.</summary>
internal sealed class RunContext : IDisposable
{
    private readonly ArrayBufferWriter<byte> _stdout = new();
    private readonly ArrayBufferWriter<byte> _stderr = new();
    private readonly OutputBudget _output;
    private readonly Deadline _deadline;
    private readonly RunStreams _streams;

    public RunContext(RunLimits limits, RunStreams streams, CancellationToken cancellation, string? sourceName = null)
    {
        Limits = limits;
        _streams = streams;
        _output = new OutputBudget(limits.MaxOutputBytes);
        _deadline = new Deadline(limits.Timeout, cancellation);
        SourceName = sourceName;
    }

    /// <summary>The limits this run enforces.</summary>
    public RunLimits Limits { get; }

    /// <summary>The <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the run times out; <see cref="long.MaxValue"/> for never.</summary>
    public long Deadline => _deadline.At;

    /// <summary>The name the run's code shows in tracebacks; null for the interpreter's own (<c>&lt;stdin&gt;</c>).</summary>
    public string? SourceName { get; }

    /// <summary>What <c>input()</c> reads; null for none.</summary>
    public Stream? Stdin => _streams.Input;

    public CancellationToken Cancellation => _deadline.Cancellation;

    /// <summary>The run's HTTP access, made on its first request and disposed when the run ends.</summary>
    public Network.GuestHttp? Http { get; set; }
    private CancellationTokenSource? _hostStop;

    /// <summary>
    /// Whether the run can be stopped from outside (a time limit or a cancellable token). Only then does host code
    /// the guest waits on run off the guest's thread: with no limit to enforce, it runs inline.
    /// </summary>
    public bool IsStoppable => !_deadline.IsInfinite || _deadline.Cancellation.CanBeCanceled;

    /// <summary>
    /// The token host code receives (host functions, streams): cancelled when the run is cancelled, when it reaches
    /// its time limit, or when it stops for any other reason while the host code still runs. Made on first use.
    /// </summary>
    public CancellationToken HostCancellation
    {
        get
        {
            if (!IsStoppable) return CancellationToken.None;
            if (_hostStop is null)
            {
                _hostStop = _deadline.Cancellation.CanBeCanceled
                    ? CancellationTokenSource.CreateLinkedTokenSource(_deadline.Cancellation)
                    : new CancellationTokenSource();
                if (!_deadline.IsInfinite) _hostStop.CancelAfter(_deadline.Remaining(System.Diagnostics.Stopwatch.GetTimestamp()));
            }
            return _hostStop.Token;
        }
    }

    /// <summary>
    /// Waits, on the guest's thread, for host work the guest is blocked on, no longer than the run's deadline. The
    /// work runs on the thread pool so a host function or stream that blocks cannot hold the run past its limit: at
    /// the deadline (or on cancellation) the host token is cancelled, the work is abandoned (its late result or
    /// exception is dropped) and the run stops. With nothing to enforce, the work runs inline.
    /// </summary>
    public T WaitForHost<T>(Func<T> work)
    {
        if (!IsStoppable) return work();
        CheckDeadline();
        // PreferFairness queues globally: a task in this thread's local queue would be run inline by Wait when the
        // guest runs on a thread-pool thread, which is exactly the blocking this avoids.
        var task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach | TaskCreationOptions.PreferFairness, TaskScheduler.Default);
        return WaitForHost(task);
    }

    /// <summary>Waits for a started task as <see cref="WaitForHost{T}(Func{T})"/> does; returns its result or rethrows its exception.</summary>
    public T WaitForHost<T>(Task<T> task)
    {
        WaitForHost((Task)task);
        return task.Result;
    }

    /// <summary>Waits for a started task, no longer than the run's deadline; rethrows its exception (unwrapped).</summary>
    public void WaitForHost(Task task)
    {
        if (!task.IsCompleted)
        {
            var timeout = _deadline.Remaining(System.Diagnostics.Stopwatch.GetTimestamp());
            bool done;
            try
            {
                done = task.Wait(timeout, _deadline.Cancellation);
            }
            catch (OperationCanceledException) when (_deadline.Cancellation.IsCancellationRequested)
            {
                done = false;
            }
            catch (AggregateException)
            {
                done = true;
            }
            // The host token is cancelled at the deadline too, so work that heeds it can finish just as the wait ends:
            // past the deadline the run stops either way, and such a result is dropped like any late one.
            var reason = _deadline.Check();
            // The host token's timer can fire a little before the deadline's own clock has passed (timers round to
            // milliseconds): host work that saw its token cancelled has seen the deadline, and the run ends with it.
            if (reason == StopReason.None && _hostStop is { IsCancellationRequested: true }) reason = StopReason.Timeout;
            if (!done || reason != StopReason.None)
            {
                // Abandoned: observe its end so a late failure is not reported as an unobserved task exception.
                _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                _hostStop?.Cancel();
                if (reason == StopReason.None) reason = StopReason.Timeout;
                throw Stop(reason, LimitOutcome.DeadlineMessage(reason));
            }
        }
        if (task.IsFaulted) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(task.Exception!.InnerException ?? task.Exception);
        if (task.IsCanceled) throw new TaskCanceledException(task);
    }

    /// <summary>
    /// Cancels the host token: host work still running learns the run is over. The source is not disposed, so an
    /// abandoned function that reaches for <see cref="CancellationToken.WaitHandle"/> late still finds it set rather
    /// than disposed; once cancelled it holds no timer.
    /// </summary>
    public void Dispose()
    {
        if (_hostStop is null) return;
        try
        {
            _hostStop.Cancel();
        }
        catch (AggregateException)
        {
            // A host callback registered on the token threw; the run is over and nothing waits for it.
        }
    }

    public StopReason StopReason { get; private set; }

    public string? StopMessage { get; private set; }

    /// <summary>Set when the host refused to grow linear memory past the cap during this run.</summary>
    public bool HeapGrowthRefused { get; set; }

    public bool OutputTruncated => _output.Truncated;

    public string Stdout => Encoding.UTF8.GetString(_stdout.WrittenSpan);

    public string Stderr => Encoding.UTF8.GetString(_stderr.WrittenSpan);

    /// <summary>Appends or streams guest output; stops the run once the output limit is passed.</summary>
    public void Write(int fd, ReadOnlySpan<byte> data)
    {
        int admitted = _output.Admit(data.Length);
        bool overflow = admitted < data.Length;
        data = data[..admitted];

        var sink = fd == 2 ? _streams.Error : _streams.Output;
        if (sink is null)
        {
            (fd == 2 ? _stderr : _stdout).Write(data);
        }
        else if (!IsStoppable)
        {
            try
            {
                sink.Write(data);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
            {
                throw Stop(StopReason.GuestFault, $"Writing the guest's output failed: {e.Message}");
            }
        }
        else
        {
            // Buffered and written off the guest's thread: a stream that blocks cannot hold the run, and a write
            // per print would cost a thread hop each. Flushed when full, when the other stream is written (order
            // kept), at every epoch tick (so output still streams within a few milliseconds) and at the end.
            if (_pending.WrittenCount > 0 && (_pendingFd != fd || _pending.WrittenCount + data.Length > FlushBytes)) FlushOutput();
            _pendingFd = fd;
            _pending.Write(data);
        }

        if (overflow) throw Stop(StopReason.OutputLimit, LimitOutcome.OutputLimitMessage(_output.MaxBytes));
    }

    private const int FlushBytes = 16 * 1024;
    private readonly ArrayBufferWriter<byte> _pending = new();
    private int _pendingFd;

    /// <summary>Writes buffered output to its stream, waiting no longer than the deadline.</summary>
    public void FlushOutput()
    {
        if (_pending.WrittenCount == 0) return;
        var sink = _pendingFd == 2 ? _streams.Error : _streams.Output;
        var copy = _pending.WrittenSpan.ToArray();
        _pending.Clear();
        if (sink is null) return;
        try
        {
            WaitForHost(sink.WriteAsync(copy, 0, copy.Length, HostCancellation));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException or TaskCanceledException)
        {
            throw Stop(StopReason.GuestFault, $"Writing the guest's output failed: {e.Message}");
        }
    }

    /// <summary>
    /// Delivers what is still buffered after the run stopped (it keeps the output it wrote before the stop): within
    /// the deadline when the stop was not the deadline itself, else handed to the stream without waiting.
    /// </summary>
    public void FlushOutputAfterStop()
    {
        if (StopReason is not (StopReason.Timeout or StopReason.Cancelled))
        {
            try
            {
                FlushOutput();
                return;
            }
            catch (StopRunException)
            {
                // The deadline passed while writing: what is left goes without waiting.
            }
        }
        FlushOutputWithoutWaiting();
    }

    private void FlushOutputWithoutWaiting()
    {
        if (_pending.WrittenCount == 0) return;
        var sink = _pendingFd == 2 ? _streams.Error : _streams.Output;
        var copy = _pending.WrittenSpan.ToArray();
        _pending.Clear();
        if (sink is null) return;
        try
        {
            var task = sink.WriteAsync(copy, 0, copy.Length, CancellationToken.None);
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
        {
            // The run is over; its result reports what it can.
        }
    }

    /// <summary>At each epoch tick: stops a run past its deadline or cancelled, and streams buffered output.</summary>
    public void OnTick()
    {
        CheckDeadline();
        FlushOutput();
    }

    /// <summary>Called at each epoch tick while the guest runs, and by host code that waits: stops a run past its deadline or cancelled.</summary>
    public void CheckDeadline()
    {
        var reason = _deadline.Check();
        if (reason != StopReason.None) throw Stop(reason, LimitOutcome.DeadlineMessage(reason));
    }

    /// <summary>Records why the run stops (the first reason wins) and returns the exception that unwinds the guest.</summary>
    public StopRunException Stop(StopReason reason, string message)
    {
        if (StopReason == StopReason.None)
        {
            StopReason = reason;
            StopMessage = message;
        }
        return new StopRunException(reason, message);
    }
}
