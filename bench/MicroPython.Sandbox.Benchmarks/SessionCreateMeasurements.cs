// Session creation (CreateSession + a first Run('x = 1') + Dispose) with and without the runtime's session images, in
// the same process, interleaved so both see the same machine load. Run with `dotnet run -c Release -- session-create [N]`.
using System.Diagnostics;

namespace MicroPython.Sandbox.Benchmarks;

internal static class SessionCreateMeasurements
{
    public static void Run(int count)
    {
        var runtime = BenchRuntime.Runtime;
        var images = runtime.SessionImages;
        bool enabled = images.Enabled;
        var withImage = new List<double>();
        var withoutImage = new List<double>();
        var firstRun = new List<double>();
        var firstRunWithout = new List<double>();
        try
        {
            // Warm-up: loads the engine, JITs both paths and captures the image.
            for (int i = 0; i < 20; i++)
            {
                images.Enabled = i % 2 == 0;
                Measure(runtime, out _);
            }
            for (int i = 0; i < count; i++)
            {
                // Interleaved: odd and even iterations alternate which path goes first.
                foreach (bool image in i % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    images.Enabled = image;
                    double total = Measure(runtime, out double run);
                    (image ? withImage : withoutImage).Add(total);
                    (image ? firstRun : firstRunWithout).Add(run);
                }
            }
        }
        finally
        {
            images.Enabled = enabled;
        }
        double with = Median(withImage), without = Median(withoutImage);
        Console.WriteLine($"CreateSession + first Run('x = 1'), median of {count}:");
        Console.WriteLine($"  prelude run (before): {without,8:F1} us (first Run {Median(firstRunWithout):F1} us)");
        Console.WriteLine($"  session image:        {with,8:F1} us (first Run {Median(firstRun):F1} us)");
        Console.WriteLine($"  ratio before/after:   {without / with,8:F1}x");
        if (images.Find(new SandboxOptions()) is { } found)
        {
            // Where the time goes: a fresh interpreter, then loading the image's pages into it.
            var create = new List<double>();
            var load = new List<double>();
            for (int i = 0; i < count; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                using var interpreter = Runtime.Interpreter.Create(runtime, metered: false, new SandboxOptions().MemoryLimit);
                long t1 = Stopwatch.GetTimestamp();
                if (!interpreter.TryLoadStateImage(found.State)) throw new InvalidOperationException("The image did not load.");
                long t2 = Stopwatch.GetTimestamp();
                create.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMicroseconds);
                load.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMicroseconds);
            }
            var sessionOnly = new List<double>();
            var opts = new SandboxOptions();
            for (int i = 0; i < count; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                using var s = new Bridge.SessionRuntime(runtime, opts, runtime);
                sessionOnly.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            }
            Console.WriteLine($"  SessionRuntime alone {Median(sessionOnly):F1} us");
            Console.WriteLine($"  image: {found.State.Bytes.Length / 1024} KiB in {found.State.Runs.Length} runs of pages (of {found.State.Length / 1024} KiB memory); new interpreter {Median(create):F1} us, image load {Median(load):F1} us");
        }
    }

    private static double Measure(SandboxRuntime runtime, out double firstRun)
    {
        long started = Stopwatch.GetTimestamp();
        using var session = runtime.CreateSession();
        long created = Stopwatch.GetTimestamp();
        var result = session.Run("x = 1");
        long ended = Stopwatch.GetTimestamp();
        if (!result.IsSuccess) throw new InvalidOperationException($"The session failed: {result.Status} {result.Message}");
        firstRun = Stopwatch.GetElapsedTime(created, ended).TotalMicroseconds;
        return Stopwatch.GetElapsedTime(started, ended).TotalMicroseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
