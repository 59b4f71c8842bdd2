using System.Diagnostics;
using MicroPython.Sandbox.Engine;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Benchmarks;

/// <summary>Where the time of a fresh sandbox goes: create (store, instantiation, start-up or image), run, dispose.</summary>
internal static class Phases
{
    public static void Run(int iterations)
    {
        var engine = SandboxEngine.Get(false);
        Console.WriteLine($"engine: start-up image {(engine.Image is null ? "off" : "on")}, pool slots {engine.PoolSlots}");
        var names = new[] { "create", "exec", "dispose" };
        var totals = new double[names.Length];
        for (int i = 0; i < iterations; i++)
        {
            long t = Stopwatch.GetTimestamp();
            void Lap(int k) { long now = Stopwatch.GetTimestamp(); if (i >= iterations / 4) totals[k] += Stopwatch.GetElapsedTime(t, now).TotalMicroseconds; t = now; }
            var interpreter = Interpreter.Create(false, 64L << 20);
            Lap(0);
            interpreter.Execute("1+2"u8, SandboxOptions.Default, CancellationToken.None);
            Lap(1);
            interpreter.Dispose();
            Lap(2);
        }
        int measured = iterations - iterations / 4;
        Console.WriteLine(string.Join(", ", names.Select((n, k) => $"{n} {totals[k] / measured:F1} us")));
    }
}
