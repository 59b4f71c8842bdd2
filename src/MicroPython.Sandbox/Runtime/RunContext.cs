using System.Buffers;
using System.Diagnostics;
using System.Text;

namespace MicroPython.Sandbox.Runtime;

/// <summary>Why the host stopped a run before the guest finished it.</summary>
internal enum StopReason
{
    None,
    Timeout,
    Cancelled,
    OutputLimit,
    GuestFault,
}

/// <summary>Raised inside a host callback to stop the guest; Wasmtime turns it into a trap.</summary>
internal sealed class StopRunException(StopReason reason, string message) : Exception(message)
{
    public StopReason Reason { get; } = reason;
}

/// <summary>The state of one run: captured output, limits and why it stopped.</summary>
internal sealed class RunContext
{
    private readonly ArrayBufferWriter<byte> _stdout = new();
    private readonly ArrayBufferWriter<byte> _stderr = new();
    private readonly long _maxOutput;
    private long _outputBytes;

    private readonly Stream? _stdoutSink;
    private readonly Stream? _stderrSink;

    public RunContext(long maxOutputBytes, TimeSpan timeout, CancellationToken cancellation, Stream? stdoutSink = null, Stream? stderrSink = null, Stream? stdin = null)
    {
        Stdin = stdin;
        _maxOutput = maxOutputBytes;
        _stdoutSink = stdoutSink;
        _stderrSink = stderrSink;
        Cancellation = cancellation;
        Deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
    }

    public long Deadline { get; }

    /// <summary>The name the run's code shows in tracebacks; null for the interpreter's own (<c>&lt;stdin&gt;</c>).</summary>
    public string? SourceName { get; init; }

    /// <summary>What <c>input()</c> reads; null for none.</summary>
    public Stream? Stdin { get; }

    public CancellationToken Cancellation { get; }

    public StopReason StopReason { get; private set; }

    public string? StopMessage { get; private set; }

    /// <summary>Set when the host refused to grow linear memory past the cap during this run.</summary>
    public bool HeapGrowthRefused { get; set; }

    public bool OutputTruncated { get; private set; }

    public string Stdout => Encoding.UTF8.GetString(_stdout.WrittenSpan);

    public string Stderr => Encoding.UTF8.GetString(_stderr.WrittenSpan);

    /// <summary>Appends or streams guest output; stops the run once the output limit is passed.</summary>
    public void Write(int fd, ReadOnlySpan<byte> data)
    {
        long room = _maxOutput - _outputBytes;
        bool overflow = data.Length > room;
        if (overflow) data = data[..(int)Math.Max(0, room)];
        _outputBytes += data.Length;

        var sink = fd == 2 ? _stderrSink : _stdoutSink;
        if (sink is null)
        {
            (fd == 2 ? _stderr : _stdout).Write(data);
        }
        else
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

        if (overflow)
        {
            OutputTruncated = true;
            throw Stop(StopReason.OutputLimit, $"Output exceeded the limit of {_maxOutput} bytes.");
        }
    }

    /// <summary>Called at each epoch tick while the guest runs.</summary>
    public void CheckDeadline()
    {
        if (Cancellation.IsCancellationRequested) throw Stop(StopReason.Cancelled, "The run was cancelled.");
        if (Stopwatch.GetTimestamp() >= Deadline) throw Stop(StopReason.Timeout, "The run exceeded its time limit.");
    }

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
