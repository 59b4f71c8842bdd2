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
        PythonSandbox.Preload(Unmetered);
        PythonSandbox.Preload(Metered);
    }

    [Benchmark(Baseline = true)]
    public RunResult EpochDeadline() => PythonSandbox.Run(Loop, Unmetered);

    [Benchmark]
    public RunResult Fuel() => PythonSandbox.Run(Loop, Metered);
}
