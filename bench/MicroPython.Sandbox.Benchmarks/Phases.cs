using System.Diagnostics;
using MicroPython.Sandbox.Engine;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Benchmarks;

/// <summary>
/// Where the time of a fresh sandbox goes, on both paths: a new instance (create, run, dispose) and a recycled
/// interpreter (run, then the reset to the start-up image that the library does on the thread pool, timed here
/// on the calling thread).
/// </summary>
internal static class Phases
{
    public static void Run(int iterations)
    {
        var engine = BenchRuntime.Runtime.EngineFor(false);
        Console.WriteLine($"engine: start-up image {(engine.Image is null ? "off" : "on")}, pool slots {engine.PoolSlots}");
        Measure("new instance", ["create", "exec", "dispose"], iterations, lap =>
        {
            var interpreter = Interpreter.Create(BenchRuntime.Runtime, false, 64L << 20);
            lap(0);
            interpreter.Execute("1+2"u8, SandboxOptions.Default, null, CancellationToken.None);
            lap(1);
            interpreter.Dispose();
            lap(2);
        });

        using var recycled = Interpreter.Create(BenchRuntime.Runtime, false, 64L << 20);
        var state = ImageStateOf(engine);
        if (state is null)
        {
            Console.WriteLine("recycled: not available (no start-up image, or no page map on this platform)");
            return;
        }
        Measure("recycled", ["exec", "reset"], iterations, lap =>
        {
            recycled.Execute("1+2"u8, SandboxOptions.Default, null, CancellationToken.None);
            lap(0);
            if (!recycled.TryResetToImage(state)) throw new InvalidOperationException("The interpreter could not be reset.");
            lap(1);
        });
    }

    private static void Measure(string title, string[] names, int iterations, Action<Action<int>> body)
    {
        var totals = new double[names.Length];
        for (int i = 0; i < iterations; i++)
        {
            long t = Stopwatch.GetTimestamp();
            bool counted = i >= iterations / 4;
            body(k =>
            {
                long now = Stopwatch.GetTimestamp();
                if (counted) totals[k] += Stopwatch.GetElapsedTime(t, now).TotalMicroseconds;
                t = now;
            });
        }
        int measured = iterations - iterations / 4;
        Console.WriteLine($"{title}: " + string.Join(", ", names.Select((n, k) => $"{n} {totals[k] / measured:F1} us")));
    }

    /// <summary>The image state the recycler captures (once, on the thread pool) after the first sandbox.</summary>
    private static ImageState? ImageStateOf(SandboxEngine engine)
    {
        if (engine.Image is not { } image) return null;
        BenchRuntime.Runtime.Run("pass");
        var waited = Stopwatch.StartNew();
        while (!image.StateCaptured && waited.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(1);
        return image.State;
    }
}
