using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Tests;

/// <summary>
/// One-shot sandboxes reuse finished interpreters reset to the start-up image. A reset interpreter must be
/// indistinguishable from a new instance: the same memory byte for byte, the same globals, nothing left of the
/// previous run, and every limit still enforced.
/// </summary>
public class RecycledInterpreterTests
{
    private const long Cap = 64L << 20;

    /// <summary>
    /// A runtime of this class's own (default settings), so that counting reused interpreters is not disturbed by
    /// other test classes running at the same time.
    /// </summary>
    private static readonly SandboxRuntime Runtime = new();

    private static RecycledInterpreters Recycler => Runtime.Recycler;

    /// <summary>The image's state, captured on the thread pool after the first interpreter comes back.</summary>
    private static ImageState State()
    {
        Recycler.Return(Recycler.Rent(metered: false, Cap));
        var image = Runtime.EngineFor(false).Image ?? throw new InvalidOperationException("No start-up image.");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!image.StateCaptured && waited.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(5);
        return image.State ?? throw new InvalidOperationException("No image state on this platform.");
    }

    [Theory]
    [InlineData("print(1+1)")]
    [InlineData("import builtins, sys\nbuiltins.leak = 'x' * 1000\nsys.modules['leaked'] = sys\nsys.path.append('/leak')\nglobal_value = [i for i in range(5000)]")]
    [InlineData("import json, re\nd = {str(i): [i] * 10 for i in range(2000)}\ns = json.dumps(d)\nprint(len(s), re.match('a+', 'aaa').group(0))")]
    [InlineData("def f(n):\n  return n if n < 2 else f(n-1) + f(n-2)\nprint(f(16))\nraise ValueError('after')")]
    [InlineData("class A:\n  count = 0\n  def __init__(self): A.count += 1\nobjs = [A() for _ in range(3000)]\nimport random\nprint(random.getrandbits(30) >= 0, A.count)")]
    public void ResetMakesMemoryAndGlobalsEqualToTheImage(string code)
    {
        var state = State();
        using var fresh = Interpreter.Create(Runtime, metered: false, Cap);
        var interpreter = Recycler.Rent(metered: false, Cap);
        try
        {
            interpreter.Execute(code);
            Assert.False(interpreter.Memory.Span(0, (uint)state.Memory.Length).SequenceEqual(state.Memory), "the run changed nothing, so the test proves nothing");
            Assert.True(interpreter.TryResetToImage(state));
            Assert.True(interpreter.Memory.Span(0, (uint)state.Memory.Length).SequenceEqual(state.Memory));
            // Later resets compare only the pages the process holds its own copy of: the same holds.
            interpreter.Execute(code);
            Assert.True(interpreter.TryResetToImage(state));
            Assert.True(interpreter.Memory.Span(0, (uint)state.Memory.Length).SequenceEqual(state.Memory));
            Assert.Equal(fresh.MutableGlobals.Select(g => g.GetValue()), interpreter.MutableGlobals.Select(g => g.GetValue()));
            // And it runs like a new one.
            var expected = fresh.Execute("import sys\nprint(sorted(sys.modules), sys.path, sorted(globals()))");
            var actual = interpreter.Execute("import sys\nprint(sorted(sys.modules), sys.path, sorted(globals()))");
            Assert.Equal(expected.Stdout, actual.Stdout);
        }
        finally
        {
            interpreter.Dispose();
        }
    }

    [Fact]
    public void NothingCarriesOverBetweenRecycledSandboxes()
    {
        State();
        long reusedBefore = Recycler.Reused;
        for (int i = 0; i < 40; i++)
        {
            var result = Runtime.Run(
                "import builtins, sys\n" +
                "print(hasattr(builtins, 'leak'), 'leaked' in sys.modules, 'x' in globals(), '/leak' in sys.path)\n" +
                "builtins.leak = 1\nsys.modules['leaked'] = sys\nsys.path.append('/leak')\nx = 5\n" +
                "open('/tmp/left.txt', 'w').write('data')\n" +
                "import os\nprint(os.listdir('/tmp'))", InterpreterRuns.Options);
            Assert.Equal(RunStatus.Completed, result.Status);
            Assert.Equal("False False False False\n['left.txt']\n", result.Stdout);
        }
        Assert.True(Recycler.Reused > reusedBefore, "no sandbox was given a recycled interpreter");
    }

    [Fact]
    public void RecycledSandboxesStillEnforceLimits()
    {
        State();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(RunStatus.Completed, Runtime.Run("print('warm')", InterpreterRuns.Options).Status);
            var timeout = Runtime.Run("while True:\n  pass", new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(100) });
            Assert.Equal(RunStatus.TimeLimitExceeded, timeout.Status);
            var memory = Runtime.Run("x = []\nwhile True:\n  x.append(bytearray(1 << 20))", new SandboxOptions { MemoryLimit = Cap, Timeout = TimeSpan.FromSeconds(20) });
            Assert.Equal(RunStatus.MemoryLimitExceeded, memory.Status);
            var output = Runtime.Run("print('y' * 100)", new SandboxOptions { MaxOutputBytes = 10 });
            Assert.Equal(RunStatus.OutputLimitExceeded, output.Status);
        }
        Assert.Equal("ok\n", Runtime.Run("print('ok')", InterpreterRuns.Options).Stdout);
    }

    [Fact]
    public void RecycledSandboxesUseExactlyTheFuelOfANewOne()
    {
        // The same code from the same state costs the same fuel, so every run must report the same figure
        // whether it got a new instance or a reset one.
        var options = new SandboxOptions { Fuel = 50_000_000, Timeout = TimeSpan.FromSeconds(20) };
        const string code = "import json\nd = {str(i): i for i in range(50)}\nprint(len(json.dumps(d)))";
        var fuel = Enumerable.Range(0, 12).Select(_ => Runtime.Run(code, options)).Select(r =>
        {
            Assert.Equal(RunStatus.Completed, r.Status);
            return r.FuelConsumed;
        }).ToList();
        Assert.Single(fuel.Distinct());
        Assert.Equal(RunStatus.FuelExhausted, Runtime.Run("while True:\n  pass", new SandboxOptions { Fuel = 100_000, Timeout = TimeSpan.FromSeconds(20) }).Status);
        Assert.Equal(fuel[0], Runtime.Run(code, options).FuelConsumed);
    }

    [Fact]
    public void InterpretersThatGrewOrTrappedAreNotReset()
    {
        var state = State();
        using (var grown = Recycler.Rent(metered: false, Cap))
        {
            Assert.Equal(RunStatus.Completed, grown.Execute("x = bytearray(6 * 1024 * 1024)").Status);
            Assert.False(grown.TryResetToImage(state));
        }
        using (var trapped = Recycler.Rent(metered: false, Cap))
        {
            Assert.Equal(RunStatus.TimeLimitExceeded, trapped.Execute("while True:\n  pass", new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(50) }).Status);
            Assert.False(trapped.TryResetToImage(state));
        }
    }

    [Fact]
    public void RecycledSandboxesRunInParallelWithoutSharing()
    {
        State();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var result = Runtime.Run($"print(globals().get('mine'))\nmine = {i}\nprint(mine)", InterpreterRuns.Options);
            if (result.Stdout != $"None\n{i}\n") failures.Add(result.Stdout + result.Error);
        });
        Assert.Empty(failures);
    }

    [Fact]
    public void ARuntimeThatDoesNotRecycleGivesEveryRunANewInterpreter()
    {
        using var runtime = new SandboxRuntime(new SandboxRuntimeOptions { RecycleInterpreters = false, PoolSize = 0 });
        for (int i = 0; i < 20; i++)
        {
            var result = runtime.Run($"print(globals().get('mine'))\nmine = {i}", InterpreterRuns.Options);
            Assert.Equal("None\n", result.Stdout);
            Thread.Sleep(2); // time for a reset on the thread pool, had the interpreter been kept
        }
        Assert.Equal(0, runtime.Recycler.Reused);
    }

    [Fact]
    public void ARecyclingRuntimeReusesInterpreters()
    {
        // The counterpart of the test above, so that a counter that never moves would fail one of them.
        // The first reset of an engine also captures the image's state on the thread pool, which takes up to a second
        // or more on a busy machine: the runs go on until one is given a recycled interpreter, for at most 30 s.
        using var runtime = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 0 });
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        for (int i = 0; runtime.Recycler.Reused == 0 && DateTime.UtcNow < giveUp; i++)
        {
            Assert.Equal("None\n", runtime.Run($"print(globals().get('mine'))\nmine = {i}", InterpreterRuns.Options).Stdout);
            Thread.Sleep(20);
        }
        Assert.True(runtime.Recycler.Reused > 0, "no run was given a recycled interpreter");
    }
}
