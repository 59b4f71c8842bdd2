using System.Diagnostics;
using MicroPython.Sandbox.TestKit;

namespace MicroPython.Sandbox.Benchmarks;

/// <summary>
/// Soak: <c>soak [RUNS] [SESSIONS]</c> (defaults 100,000 and 4,000) runs fuzzed programs one-shot, then creates,
/// uses and disposes sessions, sampling the process's resident set size as it goes (after a full .NET collection, so
/// that managed garbage from the runs' results does not hide a trend), and prints the samples and the trend after
/// warm-up: the least-squares slope, and the mean of the later half against the earlier half. A flat trend means
/// nothing accumulates per run or session; single samples move with the fuzzed programs' sizes.
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
            var kept = of.Skip(of.Count / 4).ToList();
            double meanDone = kept.Average(s => (double)s.Done), meanRss = kept.Average(s => (double)s.Rss);
            double slope = kept.Sum(s => (s.Done - meanDone) * (s.Rss - meanRss)) / kept.Sum(s => (s.Done - meanDone) * (s.Done - meanDone));
            int half = kept.Count / 2;
            double earlier = kept.Take(half).Average(s => (double)s.Rss), later = kept.Skip(half).Average(s => (double)s.Rss);
            Console.WriteLine($"{phase}: after {kept[0].Done}, RSS {kept.Min(s => s.Rss) / 1048576.0:F1}-{kept.Max(s => s.Rss) / 1048576.0:F1} MiB, "
                + $"slope {slope * 10_000 / 1048576.0:+0.00;-0.00} MiB per 10,000, mean of the later half {later / 1048576.0:F1} against {earlier / 1048576.0:F1} MiB");
        }
    }

    private static (string, int, long) Sample(string phase, int done)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return (phase, done, self.WorkingSet64);
    }
}
