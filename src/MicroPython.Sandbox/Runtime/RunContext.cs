using System.Buffers;
using System.Text;
using MicroPython.Sandbox.Limits;

namespace MicroPython.Sandbox.Runtime;

/// <summary>The state of one run: captured output, its limits and why it stopped.</summary>
internal sealed class RunContext
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

        if (overflow) throw Stop(StopReason.OutputLimit, LimitOutcome.OutputLimitMessage(_output.MaxBytes));
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
