using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Tests;

/// <summary>A run stopped by a limit or a trap leaves the session exactly as it was before that run.</summary>
public class SessionRollbackTests
{
    private const string Setup = "x = 1\nitems = [1, 2, 3]\nclass C:\n    pass\nobj = C()\nobj.tag = 'before'\nimport json";

    // Changes everything Setup made, then runs the failing tail.
    private const string Mutate = "x = 2\nitems.append(4)\nobj.tag = 'after'\nnew_name = 1\ndel json\n";

    private static void AssertStateBefore(PythonSession session)
    {
        var r = session.Run("print(x, items, obj.tag, 'new_name' in globals(), json.dumps([x]))");
        Assert.True(r.Status == RunStatus.Completed, $"{r.Status} {r.Message} {r.Error}");
        Assert.Equal("1 [1, 2, 3] before False [1]\n", r.Stdout);
    }

    private static RunResult Fail(SandboxOptions options, string tail, RunStatus expected, CancellationToken token = default)
    {
        using var session = new PythonSession(options);
        return Fail(session, tail, expected, token);
    }

    private static RunResult Fail(PythonSession session, string tail, RunStatus expected, CancellationToken token = default)
    {
        var ok = session.Run(Setup, CancellationToken.None);
        Assert.True(ok.IsSuccess, ok.Error?.ToString());
        var r = session.Run(Mutate + tail, token);
        Assert.Equal(expected, r.Status);
        Assert.True(r.RolledBack);
        AssertStateBefore(session);
        // And the session keeps working after the rollback.
        Assert.Equal(3L, session.Run("x + 2", CancellationToken.None).Value);
        return r;
    }

    [Fact]
    public void TimeLimit() =>
        Fail(new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(200) }, "while True:\n    items.append(0)", RunStatus.TimeLimitExceeded);

    [Fact]
    public void Fuel() =>
        Fail(new SandboxOptions { Fuel = 20_000_000 }, "while True:\n    pass", RunStatus.FuelExhausted);

    [Fact]
    public void MemoryErrorRaised() =>
        Fail(new SandboxOptions { MemoryLimit = 16 * 1024 * 1024 }, "keep = []\nwhile True:\n    keep.append('a' * 100000)", RunStatus.MemoryLimitExceeded);

    [Fact]
    public void MemoryGrowthPastTheCap()
    {
        using var session = new PythonSession(new SandboxOptions { MemoryLimit = 16 * 1024 * 1024 });
        long before = session.MemoryBytes;
        Fail(session, "s = 'a' * (12 * 1024 * 1024)\nt = s + s", RunStatus.MemoryLimitExceeded);
        Assert.True(session.MemoryBytes >= before); // memory cannot shrink; the extra pages were zeroed
    }

    [Fact]
    public void Output() =>
        Fail(new SandboxOptions { MaxOutputBytes = 1000 }, "while True:\n    print('spam')", RunStatus.OutputLimitExceeded);

    [Fact]
    public void Cancellation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Fail(new SandboxOptions { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, "while True:\n    pass", RunStatus.Cancelled, cts.Token);
    }

    [Fact]
    public void TrapInTheInterpreter()
    {
        // Comparing very deeply nested lists recurses in C without a depth check until the native stack ends: a
        // WebAssembly trap, reported as the RecursionError CPython gives, and rolled back like any trap. (Compiling
        // 5,000 nested brackets, the trap used before, now fits in the default stack.)
        var r = Fail(new SandboxOptions(), "a = []\nb = []\nfor i in range(100000): a = [a]; b = [b]\na == b", RunStatus.PythonError);
        Assert.Equal("RecursionError", r.Error?.Type);
    }

    [Fact]
    public void TrapFromTheHost()
    {
        // A host function stopping the guest the way an interpreter abort does: a WebAssembly trap.
        using var session = new PythonSession();
        session.DefineFunction("crash", () =>
        {
            throw new StopRunException(StopReason.GuestFault, "The interpreter aborted.");
        });
        var r = Fail(session, "crash()", RunStatus.Fault);
        Assert.Contains("The interpreter aborted.", r.Message);
    }

    [Fact]
    public void AsyncHostFunctionPastTheDeadline()
    {
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        session.DefineFunction("slow", async (CancellationToken token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return 1;
        });
        Fail(session, "slow()", RunStatus.TimeLimitExceeded);
    }

    [Fact]
    public void RepeatedRollbacksDoNotLeak()
    {
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(150), MemoryLimit = 16 * 1024 * 1024 });
        session.Run("x = 0");
        for (int i = 0; i < 10; i++)
        {
            var r = session.Run("x += 1\nl = []\nwhile True:\n    l.append('b' * 1000)");
            Assert.True(r.RolledBack, r.Status.ToString());
        }
        Assert.Equal(0L, session.Globals["x"]);
        Assert.Equal(10L, session.Run("sum(range(5))").Value);
    }

    [Fact]
    public void CompletedRunsAreNotRolledBack()
    {
        using var session = new PythonSession();
        var r = session.Run("x = 1");
        Assert.False(r.RolledBack);
        Assert.Equal(1L, session.Globals["x"]);
    }
}
