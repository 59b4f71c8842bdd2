namespace MicroPython.Sandbox.Benchmarks;

// Placeholder for target 3 (host function round trip: Python calls an int -> int .NET function,
// median at most 1 us). Host functions are not in this branch of the library yet; when they are,
// add a [Benchmark] here that registers `def f(x: int) -> int` and runs `for i in range(N): f(i)`
// in one sandbox, reporting the time per call minus the same loop calling a Python function.
internal static class HostCallBenchmarks;
