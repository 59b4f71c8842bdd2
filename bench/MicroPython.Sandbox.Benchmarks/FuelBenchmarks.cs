using BenchmarkDotNet.Attributes;

namespace MicroPython.Sandbox.Benchmarks;

/// <summary>What fuel metering costs: the same loop on the default (epoch deadline) engine and on the metered one.</summary>
public class FuelBenchmarks
{
    private const string Loop = "t = 0\nfor i in range(200000):\n    t += i & 7\n";
    private static readonly SandboxOptions Unmetered = new() { Timeout = Timeout.InfiniteTimeSpan };
    private static readonly SandboxOptions Metered = new() { Timeout = Timeout.InfiniteTimeSpan, Fuel = ulong.MaxValue / 2 };

    [GlobalSetup]
    public void Setup()
    {
        BenchRuntime.Runtime.Preload(Unmetered);
        BenchRuntime.Runtime.Preload(Metered);
    }

    [Benchmark(Baseline = true)]
    public RunResult EpochDeadline() => BenchRuntime.Runtime.Run(Loop, Unmetered);

    [Benchmark]
    public RunResult Fuel() => BenchRuntime.Runtime.Run(Loop, Metered);
}
