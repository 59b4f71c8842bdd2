using System.Diagnostics;

namespace MicroPython.Sandbox.Benchmarks;

/// <summary>
/// <c>hardening</c>: the time and host allocation of the cases where the guest waits on the host or sizes what the
/// host copies (the pure-Python cases are measured with the CLI). One line per case: wall time, status, bytes the
/// host allocated during the run.
/// </summary>
internal static class HardeningCases
{
    public static void Run()
    {
        using (var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(500) }))
        {
            session.DefineFunction("slow", () => { Thread.Sleep(3000); return 1; });
            Measure("sync host function sleeps 3 s, timeout 0.5 s", () => session.Run("slow()"));
        }
        using (var blocking = new Blocking())
        {
            Measure("StandardOutput.Write blocks, timeout 0.5 s", () => PythonSandbox.Run("print(1)", new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(500), StandardOutput = blocking }));
            Measure("StandardInput.Read blocks, timeout 0.5 s", () => PythonSandbox.Run("input()", new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(500), StandardInput = blocking }));
        }
        using (var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromSeconds(10) }))
        {
            var big = new byte[100 << 20];
            session.DefineFunction("blob", () => big);
            Measure("host function returns 100 MB bytes", () => session.Run("blob()"));
            session.DefineFunction("size", (string text) => text.Length);
            Measure("host function argument of 1,000,000 chars", () => session.Run("size('q' * 1_000_000)"));
            Measure("host function argument of 1,100,000 chars", () => session.Run("size('q' * 1_100_000)"));
        }
        Measure("raise Exception('x' * 15_000_000)", () => PythonSandbox.Run("raise Exception('x' * 15_000_000)", new SandboxOptions { MemoryLimit = 256L << 20 }));
    }

    /// <summary>
    /// What waiting off the guest's thread costs: the same host calls and stream writes in a run that can be stopped
    /// (work on the thread pool, waited for) and in one that cannot (inline), measured in the same process.
    /// </summary>
    public static void Overhead()
    {
        foreach (var (label, timeout) in new[] { ("inline (no limit)", Timeout.InfiniteTimeSpan), ("off-thread (30 s limit)", TimeSpan.FromSeconds(30)) })
        {
            using var session = new PythonSession(new SandboxOptions { Timeout = timeout });
            session.DefineFunction("add", (int a, int b) => a + b);
            session.Run("for i in range(200): add(i, 1)");
            var best = TimeSpan.MaxValue;
            for (int rep = 0; rep < 5; rep++)
            {
                var watch = Stopwatch.StartNew();
                session.Run("for i in range(5000): add(i, 1)");
                best = watch.Elapsed < best ? watch.Elapsed : best;
            }
            Console.WriteLine($"host call, {label,-24} {best.TotalMicroseconds / 5000,8:F1} us per call");
        }
        foreach (var (label, timeout) in new[] { ("inline (no limit)", Timeout.InfiniteTimeSpan), ("off-thread (30 s limit)", TimeSpan.FromSeconds(30)) })
        {
            using var sink = new Sink();
            var best = TimeSpan.MaxValue;
            for (int rep = 0; rep < 5; rep++)
            {
                var watch = Stopwatch.StartNew();
                PythonSandbox.Run("for i in range(20000): print(i)", new SandboxOptions { Timeout = timeout, StandardOutput = sink, MaxOutputBytes = long.MaxValue });
                best = watch.Elapsed < best ? watch.Elapsed : best;
            }
            Console.WriteLine($"print to a stream, {label,-24} {best.TotalMicroseconds / 20000,8:F1} us per print");
        }
    }

    /// <summary>A stream that drops what it is given and has no async methods of its own (as a console stream).</summary>
    private sealed class Sink : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) { }
    }

    private static void Measure(string name, Func<RunResult> run)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var result = run();
        watch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        using var self = Process.GetCurrentProcess();
        Console.WriteLine($"{name,-48} {watch.Elapsed.TotalMilliseconds,8:F0} ms  {result.Status,-20} host alloc {allocated / 1048576.0,8:F1} MiB  RSS {self.WorkingSet64 / 1048576.0:F0} MiB  {(result.Error?.Message ?? result.Message ?? "").Length} chars of message");
    }

    private sealed class Blocking : Stream
    {
        private readonly ManualResetEventSlim _gate = new();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) { _gate.Wait(3000); return 0; }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _gate.Wait(3000);

        protected override void Dispose(bool disposing)
        {
            if (disposing) { _gate.Set(); _gate.Dispose(); }
            base.Dispose(disposing);
        }
    }
}
