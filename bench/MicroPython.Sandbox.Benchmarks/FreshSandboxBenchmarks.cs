using BenchmarkDotNet.Attributes;

namespace MicroPython.Sandbox.Benchmarks;

/// <summary>A tiny program in a fresh, isolated sandbox through the public API (target: median at most 10 us).</summary>
[MemoryDiagnoser]
public class FreshSandboxBenchmarks
{
    [GlobalSetup]
    public void Setup() => BenchRuntime.Runtime.Preload();

    [Benchmark(Baseline = true)]
    public RunResult Expression() => BenchRuntime.Runtime.Run("1+2");

    [Benchmark]
    public RunResult Print() => BenchRuntime.Runtime.Run("print(1+1)");
}
