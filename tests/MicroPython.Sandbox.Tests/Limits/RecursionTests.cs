namespace MicroPython.Sandbox.Tests;

/// <summary>
/// Python recursion runs on the interpreter's own C stack (SandboxOptions.StackBytes, moved out of the build's
/// 64 KiB at start-up): its depth follows the configured size, running past it is a RuntimeError Python can catch,
/// and the interpreter keeps working afterwards.
/// </summary>
public class RecursionTests
{
    private const string Functions = """
        def plain(n):
            return 0 if n == 0 else 1 + plain(n - 1)
        def outer():
            def inner(n):
                return 0 if n == 0 else 1 + inner(n - 1)
            return inner
        closure = outer()
        class C:
            def m(self, n):
                return 0 if n == 0 else 1 + self.m(n - 1)
        def deepest(f):
            lo, hi = 1, 100000
            while lo < hi:
                mid = (lo + hi + 1) // 2
                try:
                    f(mid)
                    lo = mid
                except RuntimeError:
                    hi = mid - 1
            return lo

        """;

    private static int Deepest(string function, SandboxOptions? options = null)
    {
        var result = PythonSandbox.Run(Functions + $"print(deepest({function}))", options);
        Assert.Equal(RunStatus.Completed, result.Status);
        return int.Parse(result.Stdout, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void DefaultStackNestsHundredsOfCallsOfEveryShape()
    {
        // The build's own stack stopped at about 148 plain calls and 110 through closures.
        var result = PythonSandbox.Run(Functions + "print(plain(400), closure(300), C().m(400))");
        Assert.Equal("400 300 400\n", result.Stdout);
    }

    [Fact]
    public void RecursionPastTheStackIsACatchableRuntimeErrorAndTheSandboxKeepsWorking()
    {
        var result = PythonSandbox.Run(Functions + "try:\n    plain(100000)\nexcept RuntimeError as e:\n    print('caught', e)\nprint(plain(300))");
        Assert.Equal("caught maximum recursion depth exceeded\n300\n", result.Stdout);

        var uncaught = PythonSandbox.Run(Functions + "closure(100000)");
        Assert.Contains("recursion", uncaught.ShouldFailWith("RuntimeError").Message);
        Assert.Equal("3\n", PythonSandbox.Run("print(1 + 2)").Stdout);
    }

    [Fact]
    public void SessionSurvivesRecursionPastTheStack()
    {
        using var session = new PythonSession();
        session.Run(Functions);
        Assert.Contains("recursion", session.Run("C().m(100000)").ShouldFailWith("RuntimeError").Message);
        Assert.Equal("300\n", session.Run("print(closure(300))").Stdout);
        Assert.Equal("400", session.Run("plain(400)").ValueRepr);
    }

    [Fact]
    public void SmallerStackGivesShallowerRecursion()
    {
        int full = Deepest("plain");
        int small = Deepest("plain", new SandboxOptions { StackBytes = SandboxOptions.MinimumStackBytes });
        Assert.InRange(small, 40, full / 2);
        Assert.True(full >= 400, $"default stack reached only {full} calls");
        Assert.True(Deepest("closure") < full, "closures take more stack per call than plain functions");
    }

    [Fact]
    public void DeeplyNestedDataIsARecursionErrorNotAFault()
    {
        // C code recursing over the structure checks the same limit; at this stack size it trips before the engine's
        // own native stack limit would end the run.
        var result = PythonSandbox.Run("l = []\nfor i in range(100000): l = [l]\ntry:\n    repr(l)\nexcept RuntimeError as e:\n    print('caught', e)");
        Assert.Equal("caught maximum recursion depth exceeded\n", result.Stdout);
    }

    [Fact]
    public void RecursionUnderConstantCollectionKeepsCorrectResults()
    {
        // Every allocation collects, so anything held only by a frame deep on the moved stack must be found there.
        const string code = """
            import gc
            gc.threshold(1)
            def build(n):
                if n == 0:
                    return []
                mine = [n] * 3 + [str(n)]
                rest = build(n - 1)
                return [sum(mine[:3]) + int(mine[3])] + rest
            r = build(300)
            gc.threshold(-1)
            print(len(r), sum(r))
            """;
        var result = PythonSandbox.Run(code, new SandboxOptions { Timeout = TimeSpan.FromMinutes(1) });
        Assert.Equal($"300 {4 * 300 * 301 / 2}\n", result.Stdout);
    }

    [Fact]
    public void ExceptionsRaisedDeepAreCaughtAtTheTopAgainAndAgain()
    {
        const string code = """
            def dive(n, depth):
                if n == depth:
                    raise ValueError(n)
                return dive(n + 1, depth)
            caught = 0
            for i in range(200):
                try:
                    dive(0, 300)
                except ValueError as e:
                    caught += e.args[0]
            def plain(n):
                return 0 if n == 0 else 1 + plain(n - 1)
            print(caught, plain(400))
            """;
        Assert.Equal($"{200 * 300} 400\n", PythonSandbox.Run(code).Stdout);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(SandboxOptions.MinimumStackBytes - 1)]
    [InlineData(SandboxOptions.MaximumStackBytes + 1)]
    public void OutOfRangeStackBytesIsHostMisuse(int stackBytes)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PythonSandbox.Run("1", new SandboxOptions { StackBytes = stackBytes }));
        Assert.Equal(nameof(SandboxOptions.StackBytes), e.ParamName);
    }
}
