using System.Diagnostics;
using MicroPython.Sandbox.TestKit;

namespace MicroPython.Sandbox.Benchmarks;

/// <summary>
/// Python recursion: the deepest call of each kind that completes (binary search inside the guest, which stops at the
/// first RuntimeError), whether deep recursion through C code ends as a catchable error rather than a fault, and the
/// latency of a fresh sandbox and a session run from a thread with a large stack (inline) and from thread-pool threads.
/// </summary>
internal static class RecursionMeasurements
{
    private const string Functions = RecursionPrograms.Functions;

    public static readonly string[] Kinds = ["plain", "closure", "C().m", "init", "viamap", "viasorted", "generator", "kwargs", "tryblock"];

    /// <summary>Deep structures and recursion through C code: each must end as a caught RuntimeError (or complete).</summary>
    public static readonly (string Name, string Code)[] Hostile =
    [
        ("plain 100000", "plain(100000)"),
        ("closure 100000", "closure(100000)"),
        ("method 100000", "C().m(100000)"),
        ("__init__ 100000", "init(100000)"),
        ("map 100000", "viamap(100000)"),
        ("sorted key 100000", "viasorted(100000)"),
        ("generator 100000", "generator(100000)"),
        ("kwargs 100000", "kwargs(100000)"),
        ("try 100000", "tryblock(100000)"),
        ("repr nested list", "l = []\nfor i in range(100000): l = [l]\nrepr(l)"),
        ("str nested dict", "d = {}\nfor i in range(100000): d = {'a': d}\nstr(d)"),
        ("json.dumps nested", "l = []\nfor i in range(100000): l = [l]\njson.dumps(l)"),
        ("json.loads nested", "json.loads('[' * 20000 + ']' * 20000)"),
        ("== nested lists", "a = []\nb = []\nfor i in range(100000): a = [a]; b = [b]\na == b"),
        ("hash nested tuples", "t = ()\nfor i in range(100000): t = (t,)\nhash(t)"),
        ("eval nested brackets", "eval('[' * 10000 + ']' * 10000)"),
        ("__repr__ recursion", "class R:\n    def __repr__(self): return repr(self)\nrepr(R())"),
        ("__eq__ recursion", "class E:\n    def __eq__(self, o): return self == o\nE() == E()"),
        ("__getattr__ recursion", "class G:\n    def __getattr__(self, n): return self.x\nG().y"),
        ("property recursion", "class P:\n    @property\n    def x(self): return self.x\nP().x"),
        ("str.format recursion", "class F:\n    def __str__(self): return '{}'.format(self)\nstr(F())"),
    ];

    public static void Run(int stackBytes, bool hostileOnly = false)
    {
        var options = new SandboxOptions { StackBytes = stackBytes, Timeout = TimeSpan.FromMinutes(2), MemoryLimit = 256L << 20 };
        // A thread with more stack than any run needs, so the figures are the guest's own limits.
        var thread = new Thread(() =>
        {
            Console.WriteLine($"C stack {stackBytes / 1024} KiB, native stack {Limits.StackBudget.NativeBytes / 1024} KiB");
            foreach (string kind in hostileOnly ? [] : Kinds)
            {
                var result = BenchRuntime.Runtime.Run(Functions + $"print(deepest({kind}))", options);
                Console.WriteLine($"  deepest {kind}: {(result.Status == RunStatus.Completed ? result.Stdout.Trim() : result.Status + " " + result.Message)}");
            }
            foreach (var (name, code) in Hostile)
            {
                string wrapped = Functions + "try:\n" + string.Join('\n', code.Split('\n').Select(l => "    " + l)) + "\n    print('completed')\nexcept RuntimeError as e:\n    print('caught', e)\n";
                var result = BenchRuntime.Runtime.Run(wrapped, options);
                Console.WriteLine($"  {name}: {(result.Status == RunStatus.Completed ? result.Stdout.Trim() : result.Status + " " + result.Error + " " + result.Message)}");
            }
        }, 256 << 20);
        thread.Start();
        thread.Join();
    }

    /// <summary>Median latency of a fresh sandbox's <c>1+2</c> and a session's run, from a big-stack thread and from the thread pool.</summary>
    public static void Latency(int iterations, int? stackBytes = null)
    {
        var runtime = BenchRuntime.Runtime;
        var options = stackBytes is { } bytes ? new SandboxOptions { StackBytes = bytes } : null;
        runtime.Preload(options);
        using var session = new PythonSession(runtime, options);
        for (int i = 0; i < 2000; i++) { runtime.Run("1+2", options); session.Run("x = 1"); }
        double Median(Func<RunResult> run)
        {
            var samples = new double[iterations];
            for (int i = 0; i < iterations; i++)
            {
                long t = Stopwatch.GetTimestamp();
                var r = run();
                samples[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
                if (r.Status != RunStatus.Completed) throw new InvalidOperationException(r.Message);
            }
            Array.Sort(samples);
            return samples[iterations / 2];
        }
        var big = new Thread(() =>
        {
            Console.WriteLine($"main-like thread: fresh 1+2 median {Median(() => runtime.Run("1+2", options)):F1} us, session 'x = 1' median {Median(() => session.Run("x = 1")):F1} us");
        }, 16 << 20);
        big.Start();
        big.Join();
        Task.Run(() =>
        {
            Console.WriteLine($"thread pool: fresh 1+2 median {Median(() => runtime.Run("1+2", options)):F1} us, session 'x = 1' median {Median(() => session.Run("x = 1")):F1} us");
        }).Wait();
        var samples = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long t = Stopwatch.GetTimestamp();
            runtime.RunAsync("1+2", options).Wait();
            samples[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }
        Array.Sort(samples);
        Console.WriteLine($"RunAsync(\"1+2\").Wait(): median {samples[iterations / 2]:F1} us");
    }
}
