using MicroPython.Sandbox.Interop;

namespace MicroPython.Sandbox.Tests;

/// <summary>
/// The default stack gives ordinary Python recursion CPython's depth of about 1,000 frames, and recursion far past it
/// ends as a RuntimeError Python can catch, whichever thread calls: a run needs about 5 MiB of native stack, so one
/// called on a thread with less (the thread pool, a thread made with a small stack) runs on a thread of the library's
/// own, under the same limits.
/// </summary>
public class DeepRecursionTests
{
    private const string Functions = RecursionPrograms.Functions;

    public static TheoryData<string> Hostile => new()
    {
        "plain(100000)",
        "closure(100000)",
        "C().m(100000)",
        "Node(100000)",
        "viamap(100000)",
        "viasorted(100000)",
        "l = []\nfor i in range(100000): l = [l]\nrepr(l)",
        "l = []\nfor i in range(100000): l = [l]\njson.dumps(l)",
        "d = {}\nfor i in range(100000): d = {'a': d}\nstr(d)",
        "class R:\n    def __repr__(self): return repr(self)\nrepr(R())",
    };

    private static string Caught(string code) =>
        Functions + "try:\n" + string.Join('\n', code.Split('\n').Select(l => "    " + l)) + "\n    print('completed')\nexcept RuntimeError as e:\n    print('caught', e)\n";

    private static T OnThread<T>(int stackBytes, Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception e) { failure = e; }
        }, stackBytes);
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException("The work failed on its thread.", failure);
        return result;
    }

    [Fact]
    public void DefaultStackRunsNineHundredNinetyFramesOfPlainFunctionsMethodsClosuresAndInit()
    {
        var result = PythonSandbox.Run(Functions + "print(plain(990), C().m(990), closure(990), Node(990).depth)");
        Assert.Equal("990 990 990 990\n", result.Stdout);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void RecursionOfAHundredThousandFramesIsACatchableRuntimeError(string code)
    {
        var result = PythonSandbox.Run(Caught(code));
        Assert.Equal("caught maximum recursion depth exceeded\n", result.Stdout);
    }

    [Fact]
    public void SessionStaysUsableAfterRecursionOfAHundredThousandFrames()
    {
        using var session = new PythonSession();
        session.Run(Functions);
        Assert.Contains("recursion", session.Run("closure(100000)").ShouldFailWith("RuntimeError").Message);
        Assert.Contains("recursion", session.Run("l = []\nfor i in range(100000): l = [l]\nrepr(l)").ShouldFailWith("RuntimeError").Message);
        Assert.Equal("990", session.Run("plain(990)").ValueRepr);
        Assert.Equal("990", session.Run("Node(990).depth").ValueRepr);
    }

    [Fact]
    public async Task ThreadPoolCallersGetTheSameDepthAndCatchableErrors()
    {
        var (deep, hostile, fromSession) = await Task.Run(() =>
        {
            using var session = new PythonSession();
            session.Run(Functions);
            return (PythonSandbox.Run(Functions + "print(plain(990), closure(990), C().m(990))").Stdout,
                PythonSandbox.Run(Caught("l = []\nfor i in range(100000): l = [l]\nrepr(l)")).Stdout,
                session.Run("C().m(100000)").ShouldFailWith("RuntimeError").Message + " " + session.Run("closure(990)").ValueRepr);
        });
        Assert.Equal("990 990 990\n", deep);
        Assert.Equal("caught maximum recursion depth exceeded\n", hostile);
        Assert.Equal("maximum recursion depth exceeded 990", fromSession);

        var asynchronous = await PythonSandbox.RunAsync(Caught("viamap(100000)"));
        Assert.Equal("caught maximum recursion depth exceeded\n", asynchronous.Stdout);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void ThreadWithASmallStackRunsDeepRecursionWithoutCrashingTheProcess(string code)
    {
        var (deep, hostile) = OnThread(256 * 1024, () =>
            (PythonSandbox.Run(Functions + "print(plain(990), closure(990), C().m(990), Node(990).depth)").Stdout, PythonSandbox.Run(Caught(code)).Stdout));
        Assert.Equal("990 990 990 990\n", deep);
        Assert.Equal("caught maximum recursion depth exceeded\n", hostile);
    }

    [Fact]
    public void SessionOnAThreadWithASmallStackSurvivesDeepRecursion()
    {
        using var session = new PythonSession();
        string replies = OnThread(256 * 1024, () =>
        {
            session.Run(Functions);
            return session.Run("plain(100000)").ShouldFailWith("RuntimeError").Message + " " + session.Run("plain(990)").ValueRepr;
        });
        Assert.Equal("maximum recursion depth exceeded 990", replies);
    }

    [Fact]
    public void TimeoutStopsEndlessDeepRecursionOnTheLibrarysThread()
    {
        const string endless = Functions + "while True:\n    try:\n        plain(100000)\n    except RuntimeError:\n        pass\n";
        var result = OnThread(256 * 1024, () => PythonSandbox.Run(endless, new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(300) }));
        Assert.Equal(RunStatus.TimeLimitExceeded, result.Status);
        Assert.Equal("3\n", OnThread(256 * 1024, () => PythonSandbox.Run("print(1 + 2)").Stdout));
    }

    [Fact]
    public void CancellationStopsDeepRecursionOnTheLibrarysThread()
    {
        const string endless = Functions + "while True:\n    try:\n        closure(100000)\n    except RuntimeError:\n        pass\n";
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var result = OnThread(256 * 1024, () => PythonSandbox.Run(endless, new SandboxOptions { Timeout = TimeSpan.FromSeconds(30) }, null, cancellation.Token));
        Assert.Equal(RunStatus.Cancelled, result.Status);
    }

    [Fact]
    public async Task HostFunctionsCalledFromTheLibrarysThreadSeeTheCallersAsyncLocals()
    {
        var flowing = new AsyncLocal<string>();
        using var session = new PythonSession();
        session.DefineFunction("tag", () => flowing.Value ?? "none");
        var reply = await Task.Run(() =>
        {
            flowing.Value = "from caller";
            return session.Run("def deep(n):\n    return tag() if n == 0 else deep(n - 1)\ndeep(900)");
        });
        Assert.Equal("'from caller'", reply.ValueRepr);
    }

    [Fact]
    public void RemainingStackIsMeasuredFromTheThreadsRealBounds()
    {
        long big = OnThread(16 << 20, () => ThreadStack.Remaining);
        long small = OnThread(256 * 1024, () => ThreadStack.Remaining);
        Assert.InRange(big, 14L << 20, 16L << 20);
        Assert.InRange(small, 1, 256 * 1024);
    }
}
