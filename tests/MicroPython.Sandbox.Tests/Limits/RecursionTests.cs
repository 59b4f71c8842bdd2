namespace MicroPython.Sandbox.Tests;

/// <summary>
/// Python recursion runs on the interpreter's C stack (SandboxOptions.StackBytes: 640 KiB by default, a block allocated
/// at start-up; the build's own 64 KiB at the smallest): its depth follows the configured size, running past it is a
/// RuntimeError Python can catch, and the interpreter keeps working afterwards.
/// </summary>
public class RecursionTests
{
    private const string Functions = RecursionPrograms.Functions;

    private static readonly SandboxOptions Deep = new() { StackBytes = SandboxOptions.MaximumStackBytes, Timeout = TimeSpan.FromMinutes(1) };

    private static readonly SandboxOptions Small = new() { StackBytes = SandboxOptions.MinimumStackBytes };

    private static int Deepest(string function, SandboxOptions? options = null)
    {
        var result = PythonSandbox.Run(Functions + $"print(deepest({function}))", options);
        Assert.Equal(RunStatus.Completed, result.Status);
        return int.Parse(result.Stdout, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void SmallestStackNestsOverAHundredCallsOfEveryShape()
    {
        var result = PythonSandbox.Run(Functions + "print(plain(140), closure(100), C().m(140))", Small);
        Assert.Equal("140 100 140\n", result.Stdout);
    }

    [Fact]
    public void LargestStackNestsThousandsOfCallsOfEveryShape()
    {
        var result = PythonSandbox.Run(Functions + "print(plain(2000), closure(1500), C().m(2000))", Deep);
        Assert.Equal("2000 1500 2000\n", result.Stdout);
    }

    [Fact]
    public void RecursionPastTheStackIsACatchableRuntimeErrorAndTheSandboxKeepsWorking()
    {
        var result = PythonSandbox.Run(Functions + "try:\n    plain(100000)\nexcept RuntimeError as e:\n    print('caught', e)\nprint(plain(100))");
        Assert.Equal("caught maximum recursion depth exceeded\n100\n", result.Stdout);

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
        Assert.Equal("100\n", session.Run("print(closure(100))").Stdout);
        Assert.Equal("990", session.Run("plain(990)").ValueRepr);
    }

    [Fact]
    public void SessionWithTheLargestStackKeepsItsDepthAcrossRuns()
    {
        using var session = new PythonSession(Deep);
        session.Run(Functions);
        Assert.Equal("2000", session.Run("plain(2000)").ValueRepr);
        Assert.Contains("recursion", session.Run("plain(100000)").ShouldFailWith("RuntimeError").Message);
        Assert.Equal("1500", session.Run("closure(1500)").ValueRepr);
    }

    [Fact]
    public void LargerStackGivesDeeperRecursion()
    {
        int full = Deepest("plain", Deep);
        int small = Deepest("plain", Small);
        Assert.InRange(small, 100, full / 2);
        Assert.True(full >= 2000, $"the largest stack reached only {full} calls");
        Assert.True(Deepest("closure", Deep) < full, "closures take more stack per call than plain functions");
    }

    [Theory]
    [InlineData(SandboxOptions.MinimumStackBytes)]
    [InlineData(640 * 1024)]
    [InlineData(SandboxOptions.MaximumStackBytes)]
    public void DeeplyNestedDataIsARecursionErrorNotAFault(int stackBytes)
    {
        // C code recursing over the structure checks the same limit; at these stack sizes it trips before the stack's
        // end or the engine's own native stack limit would end the run.
        var result = PythonSandbox.Run("l = []\nfor i in range(100000): l = [l]\ntry:\n    repr(l)\nexcept RuntimeError as e:\n    print('caught', e)",
            new SandboxOptions { StackBytes = stackBytes });
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
        var result = PythonSandbox.Run(code, Deep);
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
        Assert.Equal($"{200 * 300} 400\n", PythonSandbox.Run(code, Deep).Stdout);
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
