using System.Diagnostics.Metrics;

namespace MicroPython.Sandbox.Telemetry;

/// <summary>
/// The metrics every integration package records for its runs, under its own prefix (<c>mpsandbox.tool.*</c>,
/// <c>mpsandbox.endpoint.*</c>), so one dashboard reads them all: runs by status, run duration, limit hits by limit.
/// The meter comes from the host's <see cref="IMeterFactory"/> when it has one, else is owned here. Shared source,
/// compiled into each package, because the core package takes no metrics or logging dependency.
/// </summary>
internal sealed class RunMetrics : IDisposable
{
    private readonly bool _ownsMeter;
    private readonly Counter<long> _runs;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _limitHits;

    /// <param name="meterFactory">The host's meter factory, or null to own a meter.</param>
    /// <param name="meterName">The package's meter name.</param>
    /// <param name="prefix">The instruments' name prefix, such as <c>mpsandbox.tool</c>.</param>
    /// <param name="what">What runs, for the descriptions, such as <c>the Python tool</c>.</param>
    /// <param name="durationSpan">What the duration spans, such as <c>from arguments to result</c>.</param>
    public RunMetrics(IMeterFactory? meterFactory, string meterName, string prefix, string what, string durationSpan)
    {
        if (meterFactory is not null) Meter = meterFactory.Create(meterName);
        else
        {
            Meter = new Meter(meterName);
            _ownsMeter = true;
        }
        _runs = Meter.CreateCounter<long>($"{prefix}.runs", "{run}", $"Runs of {what}, by status.");
        _duration = Meter.CreateHistogram<double>($"{prefix}.run.duration", "ms", $"Time of a run of {what}, {durationSpan}.");
        _limitHits = Meter.CreateCounter<long>($"{prefix}.limit_hits", "{run}", "Runs stopped by a limit, by limit.");
    }

    /// <summary>The meter, for the package's own instruments.</summary>
    public Meter Meter { get; }

    /// <summary>Records a finished run: its status, duration and, when a limit stopped it, the limit (its status).</summary>
    public void Record(string status, double milliseconds, bool limitHit)
    {
        var tag = new KeyValuePair<string, object?>("status", status);
        _runs.Add(1, tag);
        _duration.Record(milliseconds, tag);
        if (limitHit) _limitHits.Add(1, new KeyValuePair<string, object?>("limit", status));
    }

    public void Dispose()
    {
        if (_ownsMeter) Meter.Dispose();
    }
}
