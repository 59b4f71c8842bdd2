using BenchmarkDotNet.Attributes;

namespace MicroPython.Sandbox.Benchmarks;

/// <summary>
/// Host function round trip: Python calls an int -> int .NET function in a loop inside one session run.
/// Reported per call; compare with <see cref="PythonCall"/> (the same loop calling a Python function)
/// and <see cref="EmptyLoop"/> to see the bridge's own share.
/// </summary>
public class HostCallBenchmarks
{
    private const int Calls = 20_000;
    private PythonSession _session = null!;

    [GlobalSetup]
    public void Setup()
    {
        _session = BenchRuntime.Runtime.CreateSession(new SandboxOptions { Timeout = Timeout.InfiniteTimeSpan });
        _session.DefineFunction("inc", (int a) => a + 1);
        _session.Run("def pinc(a):\n    return a + 1");
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    [Benchmark(OperationsPerInvoke = Calls)]
    public RunResult HostCall() => _session.Run($"for i in range({Calls}): inc(i)");

    [Benchmark(OperationsPerInvoke = Calls)]
    public RunResult PythonCall() => _session.Run($"for i in range({Calls}): pinc(i)");

    [Benchmark(OperationsPerInvoke = Calls)]
    public RunResult EmptyLoop() => _session.Run($"for i in range({Calls}): pass");
}
