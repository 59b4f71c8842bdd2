using System.Diagnostics;
using MicroPython.Sandbox.TestKit;

namespace MicroPython.Sandbox.Benchmarks;

/// <summary>
/// Soak: <c>soak [RUNS] [SESSIONS]</c> (defaults 100,000 and 4,000) runs fuzzed programs one-shot, then creates,
/// uses and disposes sessions, sampling the process's resident set size as it goes, and prints the samples and the
/// trend (last sample against the first after warm-up). A flat trend means nothing accumulates per run or session.
/// </summary>
internal static class Soak
{
    public static void Run(int runs, int sessions)
    {
        using var runtime = new SandboxRuntime();
        var options = new SandboxOptions { Timeout = TimeSpan.FromSeconds(1), MemoryLimit = 32L << 20, MaxOutputBytes = 64 * 1024 };
        var samples = new List<(string Phase, int Done, long Rss)>();
        var fuzzer = new ProgramFuzzer(12345);
        int every = Math.Max(1, runs / 20);
        var watch = Stopwatch.StartNew();
        for (int i = 1; i <= runs; i++)
        {
            runtime.Run(fuzzer.Next(), options);
            if (i % every == 0) samples.Add(Sample("runs", i));
        }
        Console.WriteLine($"soak: {runs} runs in {watch.Elapsed.TotalSeconds:F1} s");
        every = Math.Max(1, sessions / 20);
        watch.Restart();
        for (int i = 1; i <= sessions; i++)
        {
            using (var session = new PythonSession(runtime, options))
            {
                session.DefineFunction("echo", (object? v) => v);
                session.Run("data = [echo(i) for i in range(100)]");
                session.Run(fuzzer.Next());
                session.Run("len(data)");
            }
            if (i % every == 0) samples.Add(Sample("sessions", i));
        }
        Console.WriteLine($"soak: {sessions} sessions in {watch.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine("phase     done      RSS MiB");
        foreach (var (phase, done, rss) in samples) Console.WriteLine($"{phase,-9} {done,8} {rss / 1048576.0,10:F1}");
        foreach (string phase in new[] { "runs", "sessions" })
        {
            var of = samples.Where(s => s.Phase == phase).ToList();
            if (of.Count < 4) continue;
            // The first quarter is warm-up (engine, caches, pool); the trend is measured after it.
            var baseline = of[of.Count / 4];
            Console.WriteLine($"{phase}: RSS {baseline.Rss / 1048576.0:F1} MiB after {baseline.Done} -> {of[^1].Rss / 1048576.0:F1} MiB after {of[^1].Done} ({(of[^1].Rss - baseline.Rss) / 1048576.0:+0.0;-0.0} MiB)");
        }
    }

    private static (string, int, long) Sample(string phase, int done)
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return (phase, done, self.WorkingSet64);
    }
}
