using System.Diagnostics;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Benchmarks;

/// <summary>
/// Figures that BenchmarkDotNet is not built for: latency percentiles and throughput across threads,
/// resident memory of many live interpreters, and process start-up with a cold and a warm module cache.
/// Each prints one line per figure.
/// </summary>
internal static class Measurements
{
    /// <summary>Single-thread latency of a fresh sandbox, then runs per second across every core.</summary>
    public static void Fresh(string code, int iterations, TimeSpan throughputTime)
    {
        BenchRuntime.Runtime.Preload();
        for (int i = 0; i < Math.Min(iterations, 2000); i++) Check(BenchRuntime.Runtime.Run(code));

        var samples = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long t = Stopwatch.GetTimestamp();
            var result = BenchRuntime.Runtime.Run(code);
            samples[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            Check(result);
        }
        Array.Sort(samples);
        Console.WriteLine($"fresh sandbox {Quote(code)}: median {samples[iterations / 2]:F1} us, p90 {samples[iterations * 9 / 10]:F1} us, p99 {samples[iterations * 99 / 100]:F1} us ({iterations} runs)");

        foreach (int threads in new[] { 1, Environment.ProcessorCount })
        {
            long total = 0;
            var deadline = Stopwatch.GetTimestamp() + (long)(throughputTime.TotalSeconds * Stopwatch.Frequency);
            var started = Stopwatch.GetTimestamp();
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
            {
                long n = 0;
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    Check(BenchRuntime.Runtime.Run(code));
                    n++;
                }
                Interlocked.Add(ref total, n);
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine($"throughput {Quote(code)} on {threads} thread(s): {total / seconds:F0} runs/s");
        }
    }

    /// <summary>One program file run <paramref name="runs"/> times in fresh sandboxes: minimum and median run time.</summary>
    public static void Program(string path, int runs)
    {
        string code = File.ReadAllText(path);
        var options = new SandboxOptions { Timeout = Timeout.InfiniteTimeSpan, MemoryLimit = 512L << 20 };
        BenchRuntime.Runtime.Preload(options);
        var times = Enumerable.Range(0, runs).Select(_ => Check(BenchRuntime.Runtime.Run(code, options)).WallTime.TotalMilliseconds).OrderBy(t => t).ToArray();
        Console.WriteLine($"{Path.GetFileNameWithoutExtension(path)}: min {times[0]:F1} ms, median {times[runs / 2]:F1} ms ({runs} runs)");
    }

    /// <summary>Resident memory of <paramref name="count"/> started, idle interpreters (the proxy for idle sessions).</summary>
    public static void Memory(int count, long memoryLimit)
    {
        BenchRuntime.Runtime.Preload();
        using (var warm = Interpreter.Create(BenchRuntime.Runtime, false, memoryLimit)) { }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = Rss();
        var live = new List<Interpreter>(count);
        for (int i = 0; i < count; i++)
        {
            var interpreter = Interpreter.Create(BenchRuntime.Runtime, false, memoryLimit);
            interpreter.Execute("x = [1, 2, 3]"u8, SandboxOptions.Default, null, CancellationToken.None);
            live.Add(interpreter);
        }
        GC.Collect();
        long after = Rss();
        Console.WriteLine($"{count} idle interpreters ({memoryLimit >> 20} MiB cap each): RSS {before >> 20} -> {after >> 20} MiB, {(after - before) / count / 1024.0:F0} KiB each");
        live.ForEach(i => i.Dispose());
    }

    /// <summary>Engine load inside this process (module cache as it is), and time since the process started.</summary>
    public static void Load()
    {
        var toMain = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var load = BenchRuntime.Runtime.Preload();
        long started = Stopwatch.GetTimestamp();
        var result = BenchRuntime.Runtime.Run("print(1+1)");
        var firstRun = Stopwatch.GetElapsedTime(started);
        var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        Console.WriteLine($"load={load.TotalMilliseconds:F2} process={sinceStart.TotalMilliseconds:F1} main={toMain.TotalMilliseconds:F1} run={firstRun.TotalMilliseconds:F2} out={result.Stdout.Trim()}");
    }

    /// <summary>Engine load in new processes: once with an empty module cache, then with a warm one.</summary>
    public static void Startup(int runs)
    {
        string cache = Path.Combine(Path.GetTempPath(), "mpsandbox-bench-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            var cold = Child(cache);
            Console.WriteLine($"engine load, new process, cold cache: {cold.Load:F1} ms (process to first result {cold.Process:F0} ms)");
            var warm = Enumerable.Range(0, runs).Select(_ => Child(cache)).ToList();
            Console.WriteLine($"engine load, new process, warm cache: median {Median(warm.Select(w => w.Load)):F1} ms (then the first run {Median(warm.Select(w => w.Run)):F1} ms; " +
                $"process start to Main {Median(warm.Select(w => w.Main)):F0} ms, to first result {Median(warm.Select(w => w.Process)):F0} ms; {runs} runs)");
        }
        finally
        {
            try { Directory.Delete(cache, true); } catch (IOException) { }
        }
    }

    /// <summary>The same loop with and without fuel metering, in one process.</summary>
    public static void Fuel(int runs)
    {
        const string loop = "t = 0\nfor i in range(300000):\n    t += i & 7\nprint(t)";
        var plain = new SandboxOptions { Timeout = Timeout.InfiniteTimeSpan };
        var metered = new SandboxOptions { Timeout = Timeout.InfiniteTimeSpan, Fuel = ulong.MaxValue / 2 };
        BenchRuntime.Runtime.Preload(plain);
        BenchRuntime.Runtime.Preload(metered);
        var a = new List<double>();
        var b = new List<double>();
        ulong fuel = 0;
        for (int i = 0; i < runs; i++)
        {
            a.Add(Check(BenchRuntime.Runtime.Run(loop, plain)).WallTime.TotalMilliseconds);
            var r = Check(BenchRuntime.Runtime.Run(loop, metered));
            b.Add(r.WallTime.TotalMilliseconds);
            fuel = r.FuelConsumed ?? 0;
        }
        Console.WriteLine($"loop 300k: epoch deadline {Median(a):F1} ms, fuel {Median(b):F1} ms ({fuel} units), fuel costs {Median(b) / Median(a):F2}x");
    }

    private static (double Load, double Process, double Main, double Run) Child(string cache)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) || Environment.ProcessPath.EndsWith("dotnet.exe", StringComparison.Ordinal))
            info.ArgumentList.Add(typeof(Measurements).Assembly.Location);
        info.ArgumentList.Add("load");
        info.Environment["MPSANDBOX_CACHE_DIR"] = cache;
        using var process = Process.Start(info)!;
        string line = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        if (parts["out"] != "2") throw new InvalidOperationException("The child process printed " + line);
        return (double.Parse(parts["load"]), double.Parse(parts["process"]), double.Parse(parts["main"]), double.Parse(parts["run"]));
    }

    private static RunResult Check(RunResult result) =>
        result.Status == RunStatus.Completed ? result : throw new InvalidOperationException($"Run ended with {result.Status}: {result.Message} {result.Error}");

    private static long Rss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return Environment.WorkingSet;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }

    private static string Quote(string code) => "`" + code.Replace("\n", "\\n") + "`";
}
