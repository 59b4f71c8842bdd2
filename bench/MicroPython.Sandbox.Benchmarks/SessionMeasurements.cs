// Session figures (issue: sessions and the host bridge), measured with Stopwatch: medians over many
// repetitions; nothing is asserted. Run with `dotnet run -c Release -- session` (or `session memory`).
using System.Diagnostics;

namespace MicroPython.Sandbox.Benchmarks;

internal static class SessionMeasurements
{
    public static void Run(bool memoryOnly, int sessionCount = 100)
    {
        if (!memoryOnly)
        {
        using (var session = BenchRuntime.Runtime.CreateSession())
        {
            session.DefineFunction("inc", (int a) => a + 1);
            session.DefineFunction("echo", (object? o) => o);
            for (int i = 0; i < 200; i++) session.Run("x = 1");
        
            // 1. A Run of a tiny snippet in a session (including the state capture for rollback).
            var run = new List<double>();
            var capture = new List<double>();
            for (int i = 0; i < 2000; i++)
            {
                long t = Stopwatch.GetTimestamp();
                session.Run("x = 1");
                run.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
                capture.Add(session.LastCaptureTime.TotalMicroseconds);
            }
            var valued = new List<double>();
            for (int i = 0; i < 1000; i++)
            {
                long t = Stopwatch.GetTimestamp();
                session.Run("x + 1");
                valued.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
            }
            // Warmed up first, as the fresh benchmark is: the runtime's first one-shot runs load and reset interpreters.
            for (int i = 0; i < 2000; i++) BenchRuntime.Runtime.Run("x = 1");
            var oneShot = new List<double>();
            for (int i = 0; i < 2000; i++)
            {
                long t = Stopwatch.GetTimestamp();
                BenchRuntime.Runtime.Run("x = 1");
                oneShot.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
            }
            Console.WriteLine($"Run('x = 1') in a session: median {Median(run):F1} us (of which state capture {Median(capture):F1} us, memory {session.MemoryBytes / 1048576.0:F2} MiB)");
            Console.WriteLine($"Run('x + 1') with its value: median {Median(valued):F1} us; one-shot Run('x = 1'): median {Median(oneShot):F1} us");
        
            // 2. Host round trip: Python calls an int -> int .NET function, minus the empty loop.
            const int N = 100_000;
            double Best(string code) => BestOf(session, code);
            session.Run("def pinc(a):\n    return a + 1");
            double empty = Best($"for i in range({N}): pass");
            double host = Best($"for i in range({N}): inc(i)");
            double python = Best($"for i in range({N}): pinc(i)");
            double echo = Best("for i in range(2000): echo([i, 'a', (1, 2)])");
            Console.WriteLine($"host round trip inc(i): {(host - empty) / N * 1000:F2} us/call (a Python function call: {(python - empty) / N * 1000:F2} us); echo([i, 'a', (1, 2)]) through JSON: {echo / 2000 * 1000:F1} us/call");

            // The same calls with RunHostFunctionsInline: no hand-off to the thread pool.
            using var inline = BenchRuntime.Runtime.CreateSession(new SandboxOptions { RunHostFunctionsInline = true });
            inline.DefineFunction("inc", (int a) => a + 1);
            double inlineEmpty = BestOf(inline, $"for i in range({N}): pass");
            double inlineHost = BestOf(inline, $"for i in range({N}): inc(i)");
            Console.WriteLine($"host round trip inc(i), functions inline: {(inlineHost - inlineEmpty) / N * 1000:F2} us/call");
        }
        
        // 3. Rollback cost at several memory sizes (a cancelled endless loop).
        using (var session = BenchRuntime.Runtime.CreateSession(new SandboxOptions { MemoryLimit = 256L << 20 }))
        {
            foreach (int mib in new[] { 0, 8, 32, 128 })
            {
                if (mib > 0) session.Run($"_keep = bytearray({mib} * 1024 * 1024)");
                var restore = new List<double>();
                var capture = new List<double>();
                for (int i = 0; i < 5; i++)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
                    var r = session.Run("while True: pass", cts.Token);
                    if (!r.RolledBack) throw new InvalidOperationException("expected a rollback");
                    restore.Add(session.LastRestoreTime.TotalMicroseconds);
                    capture.Add(session.LastCaptureTime.TotalMicroseconds);
                }
                double size = session.MemoryBytes / 1048576.0;
                Console.WriteLine($"memory {size,6:F1} MiB: capture {Median(capture),7:F0} us, restore {Median(restore),7:F0} us ({Median(capture) / size:F0} / {Median(restore) / size:F0} us per MiB)");
            }
        }
        
        }
        
        // 4. Memory per idle session.
        BenchRuntime.Runtime.Preload();
        using (var warm = BenchRuntime.Runtime.CreateSession()) warm.Run("1");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        long privateBefore = process.PrivateMemorySize64, workingBefore = process.WorkingSet64;
        var sessions = new List<PythonSession>();
        for (int i = 0; i < sessionCount; i++)
        {
            var s = BenchRuntime.Runtime.CreateSession();
            s.Run($"v = {i}");
            sessions.Add(s);
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        process.Refresh();
        Console.WriteLine($"{sessionCount} idle sessions: RSS {workingBefore >> 20} -> {process.WorkingSet64 >> 20} MiB; each {(process.PrivateMemorySize64 - privateBefore) / (double)sessionCount / 1048576:F2} MiB private, {(process.WorkingSet64 - workingBefore) / (double)sessionCount / 1048576:F2} MiB working set (linear memory {sessions[0].MemoryBytes / 1048576.0:F2} MiB; snapshot buffers are pooled and held only during a run)");
        foreach (var s in sessions) s.Dispose();
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>The shortest wall time, in milliseconds, of five runs of <paramref name="code"/>.</summary>
    private static double BestOf(PythonSession session, string code)
    {
        double best = double.MaxValue;
        for (int k = 0; k < 5; k++)
        {
            var r = session.Run(code);
            if (!r.IsSuccess) throw new InvalidOperationException($"{r.Status} {r.Message} {r.Error}");
            best = Math.Min(best, r.WallTime.TotalMilliseconds);
        }
        return best;
    }
}
