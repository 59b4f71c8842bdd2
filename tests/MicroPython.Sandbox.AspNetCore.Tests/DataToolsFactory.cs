using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MicroPython.Sandbox.AspNetCore.Tests;

/// <summary>The DataTools sample in memory, with the endpoint's options set by the test on top of the sample's own.</summary>
public sealed class DataToolsFactory(Action<PythonSandboxEndpointOptions>? configure = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        if (configure is not null) builder.ConfigureServices(services => services.Configure(configure));
    }

    /// <summary>Starts recording the endpoint's measurements in this application (not in others running in parallel).</summary>
    public MetricRecorder RecordMetrics() => new(Services.GetRequiredService<IMeterFactory>());
}

/// <summary>One measurement of the endpoint's meter.</summary>
public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

/// <summary>Collects the endpoint's measurements from one application's meter factory.</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly SemaphoreSlim _recorded = new(0);

    public MetricRecorder(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PythonSandboxEndpointOptions.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<Measurement> Measurements => [.. _measurements];

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, object?>();
        foreach (var tag in tags) map[tag.Key] = tag.Value;
        _measurements.Enqueue(new Measurement(instrument.Name, value, map));
        _recorded.Release();
    }

    /// <summary>Waits until a measurement matching <paramref name="match"/> has been recorded; null when none came within <paramref name="timeout"/>.</summary>
    public async Task<Measurement?> WaitForAsync(Func<Measurement, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_measurements.FirstOrDefault(match) is { } found) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            await _recorded.WaitAsync(left);
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _recorded.Dispose();
    }
}
