using MicroPython.Sandbox.Engine;
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

    /// <summary>The image's state, captured on the thread pool after the first interpreter comes back.</summary>
    private static ImageState State()
    {
        RecycledInterpreters.Return(RecycledInterpreters.Rent(metered: false, Cap));
        var image = SandboxEngine.Get(false).Image ?? throw new InvalidOperationException("No start-up image.");
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
        using var fresh = Interpreter.Create(metered: false, Cap);
        var interpreter = RecycledInterpreters.Rent(metered: false, Cap);
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
        long reusedBefore = RecycledInterpreters.Reused;
        for (int i = 0; i < 40; i++)
        {
            var result = PythonSandbox.Run(
                "import builtins, sys\n" +
                "print(hasattr(builtins, 'leak'), 'leaked' in sys.modules, 'x' in globals(), '/leak' in sys.path)\n" +
                "builtins.leak = 1\nsys.modules['leaked'] = sys\nsys.path.append('/leak')\nx = 5\n" +
                "open('/tmp/left.txt', 'w').write('data')\n" +
                "import os\nprint(os.listdir('/tmp'))", InterpreterRuns.Options);
            Assert.Equal(RunStatus.Completed, result.Status);
            Assert.Equal("False False False False\n['left.txt']\n", result.Stdout);
        }
        Assert.True(RecycledInterpreters.Reused > reusedBefore, "no sandbox was given a recycled interpreter");
    }

    [Fact]
    public void RecycledSandboxesStillEnforceLimits()
    {
        State();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(RunStatus.Completed, PythonSandbox.Run("print('warm')", InterpreterRuns.Options).Status);
            var timeout = PythonSandbox.Run("while True:\n  pass", new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(100) });
            Assert.Equal(RunStatus.TimeLimitExceeded, timeout.Status);
            var memory = PythonSandbox.Run("x = []\nwhile True:\n  x.append(bytearray(1 << 20))", new SandboxOptions { MemoryLimit = Cap, Timeout = TimeSpan.FromSeconds(20) });
            Assert.Equal(RunStatus.MemoryLimitExceeded, memory.Status);
            var output = PythonSandbox.Run("print('y' * 100)", new SandboxOptions { MaxOutputBytes = 10 });
            Assert.Equal(RunStatus.OutputLimitExceeded, output.Status);
        }
        Assert.Equal("ok\n", PythonSandbox.Run("print('ok')", InterpreterRuns.Options).Stdout);
    }

    [Fact]
    public void RecycledSandboxesUseExactlyTheFuelOfANewOne()
    {
        // The same code from the same state costs the same fuel, so every run must report the same figure
        // whether it got a new instance or a reset one.
        var options = new SandboxOptions { Fuel = 50_000_000, Timeout = TimeSpan.FromSeconds(20) };
        const string code = "import json\nd = {str(i): i for i in range(50)}\nprint(len(json.dumps(d)))";
        var fuel = Enumerable.Range(0, 12).Select(_ => PythonSandbox.Run(code, options)).Select(r =>
        {
            Assert.Equal(RunStatus.Completed, r.Status);
            return r.FuelConsumed;
        }).ToList();
        Assert.Single(fuel.Distinct());
        Assert.Equal(RunStatus.FuelExhausted, PythonSandbox.Run("while True:\n  pass", new SandboxOptions { Fuel = 100_000, Timeout = TimeSpan.FromSeconds(20) }).Status);
        Assert.Equal(fuel[0], PythonSandbox.Run(code, options).FuelConsumed);
    }

    [Fact]
    public void InterpretersThatGrewOrTrappedAreNotReset()
    {
        var state = State();
        using (var grown = RecycledInterpreters.Rent(metered: false, Cap))
        {
            Assert.Equal(RunStatus.Completed, grown.Execute("x = bytearray(6 * 1024 * 1024)").Status);
            Assert.False(grown.TryResetToImage(state));
        }
        using (var trapped = RecycledInterpreters.Rent(metered: false, Cap))
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
            var result = PythonSandbox.Run($"print(globals().get('mine'))\nmine = {i}\nprint(mine)", InterpreterRuns.Options);
            if (result.Stdout != $"None\n{i}\n") failures.Add(result.Stdout + result.Error);
        });
        Assert.Empty(failures);
    }
}
