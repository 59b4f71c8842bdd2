using MicroPython.Sandbox.Engine;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Tests;

/// <summary>
/// Sandboxes made from the start-up image must behave exactly like ones started the normal way: same
/// output, nothing shared between sandboxes, and every limit still enforced.
/// </summary>
public class StartupImageTests
{
    private const long Cap = 64L << 20;

    private static SandboxEngine Engine => SandboxRuntime.Shared.EngineFor(metered: false);

    [Fact]
    public void DefaultEngineHasAnImageForUsualCaps()
    {
        Assert.NotNull(Engine.Image);
        Assert.NotNull(Engine.ImageFor(Interpreter.FirstHeapAreaBytes(Cap), Cap));
        Assert.NotNull(Engine.ImageFor(Interpreter.FirstHeapAreaBytes(4L << 20), 4L << 20));
        // A 2 MiB cap has a smaller first heap area: the image does not apply and start-up runs as usual.
        Assert.Null(Engine.ImageFor(Interpreter.FirstHeapAreaBytes(2L << 20), 2L << 20));
    }

    [Theory]
    [InlineData("print(1+1)")]
    [InlineData("import sys\nprint(sys.path, sorted(sys.modules), sys.implementation.name)")]
    [InlineData("print(sorted(k for k in globals()))")]
    [InlineData("import gc\ngc.collect()\nprint(gc.mem_alloc() < gc.mem_alloc() + gc.mem_free(), gc.mem_free() > 0)")]
    [InlineData("def f(n):\n  return n if n < 2 else f(n-1) + f(n-2)\nprint(f(18))")]
    [InlineData("class A:\n  def __init__(self): self.x = [i*i for i in range(100)]\nprint(sum(A().x), {str(i): i for i in range(5)})")]
    [InlineData("try:\n  {}['k']\nexcept KeyError as e:\n  print('caught', repr(e))")]
    [InlineData("import json\nprint(json.dumps({'a': [1, 2.5, None, True]}))")]
    [InlineData("print(2**200, 'x' * 10, bytes(range(5)))")]
    [InlineData("raise ValueError('boom')")]
    [InlineData("x = bytearray(3 * 1024 * 1024)\nprint(len(x))")]
    public void ImageSandboxMatchesNormalStartUp(string code)
    {
        using var normal = Interpreter.StartWithoutImage(Engine, Cap);
        using var fromImage = Interpreter.Create(SandboxRuntime.Shared, metered: false, Cap);
        var expected = normal.Execute(code);
        var actual = fromImage.Execute(code);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(expected.Stderr, actual.Stderr);
        Assert.Equal(expected.Error?.ToString(), actual.Error?.ToString());
    }

    [Fact]
    public void ImageSandboxesShareNothing()
    {
        using var first = Interpreter.Create(SandboxRuntime.Shared, metered: false, Cap);
        using var second = Interpreter.Create(SandboxRuntime.Shared, metered: false, Cap);
        Assert.Equal(RunStatus.Completed, first.Execute("secret = 'first'\nimport sys\nsys.path.append('/first')\nbig = [0] * 100000").Status);

        var seen = second.Execute("import sys\nprint('secret' in globals(), '/first' in sys.path)");
        Assert.Equal("False False\n", seen.Stdout);
        Assert.Equal("True True\n", first.Execute("import sys\nprint('secret' in globals(), '/first' in sys.path)").Stdout);

        // Writes in one sandbox's memory never show in another's: compare the whole image region.
        uint length = (uint)Math.Min(first.Memory.Length, second.Memory.Length);
        Assert.False(first.Memory.Span(0, length).SequenceEqual(second.Memory.Span(0, length)));
        using var third = Interpreter.Create(SandboxRuntime.Shared, metered: false, Cap);
        Assert.Equal("False\n", third.Execute("print('secret' in globals())").Stdout);
    }

    [Fact]
    public void ImageSandboxesSeedRandomApart()
    {
        var draws = Enumerable.Range(0, 3)
            .Select(_ => PythonSandbox.Run("import random\nprint(random.getrandbits(30), random.getrandbits(30))").Stdout)
            .ToHashSet();
        Assert.Equal(3, draws.Count);
    }

    [Fact]
    public void MemoryLimitStillApplies()
    {
        var options = new SandboxOptions { MemoryLimit = 8L << 20 };
        Assert.NotNull(Engine.ImageFor(Interpreter.FirstHeapAreaBytes(options.MemoryLimit), options.MemoryLimit));
        var result = PythonSandbox.Run("x = bytearray(16 * 1024 * 1024)", options);
        Assert.Equal(RunStatus.MemoryLimitExceeded, result.Status);
        Assert.True(result.PeakMemoryBytes <= options.MemoryLimit);

        var fits = PythonSandbox.Run("x = bytearray(4 * 1024 * 1024)\nprint(len(x))", options);
        Assert.Equal("4194304\n", fits.Stdout);
    }

    [Fact]
    public void TimeAndOutputLimitsStillApply()
    {
        var timed = PythonSandbox.Run("while True:\n  pass", new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        Assert.Equal(RunStatus.TimeLimitExceeded, timed.Status);

        var chatty = PythonSandbox.Run("while True:\n  print('x' * 100)", new SandboxOptions { MaxOutputBytes = 10_000 });
        Assert.Equal(RunStatus.OutputLimitExceeded, chatty.Status);
    }

    [Fact]
    public void FuelStillAppliesOnTheMeteredEngine()
    {
        var result = PythonSandbox.Run("while True:\n  pass", new SandboxOptions { Fuel = 1_000_000 });
        Assert.Equal(RunStatus.FuelExhausted, result.Status);
        Assert.Equal("3\n", PythonSandbox.Run("print(1+2)", new SandboxOptions { Fuel = 10_000_000 }).Stdout);
    }

    [Fact]
    public void SmallCapStartsNormallyAndWorks()
    {
        var options = new SandboxOptions { MemoryLimit = SandboxOptions.MinimumMemoryLimit };
        Assert.Equal("[0, 1, 4]\n", PythonSandbox.Run("print([i*i for i in range(3)])", options).Stdout);
    }

    [Fact]
    public void ImageModuleReplacesMemoryImportAndGlobals()
    {
        var patched = ModulePatcher.Patch(EngineFlavor.Standard.ReadBinary());
        var memory = new byte[2 * 65536];
        memory[10] = 1;
        memory[70000] = 2;
        var globals = patched.MutableGlobals.ToDictionary(g => g, g => (int)g * 3);
        var wasm = StartupImage.BuildModule(patched.Wasm, memory, globals, patched.MaximumMemoryPages);

        using var engine = new Wasmtime.Engine(new Wasmtime.Config().WithExceptions(true).WithEpochInterruption(true));
        using var module = Wasmtime.Module.FromBytes(engine, "image", wasm);
        Assert.DoesNotContain(module.Imports, i => i is Wasmtime.MemoryImport);
        var exported = Assert.Single(module.Exports.OfType<Wasmtime.MemoryExport>());
        Assert.Equal(2, exported.Minimum);
    }
}

/// <summary>The pooling allocator: reused slots start clean, and sandboxes beyond the pool still run.</summary>
public class PoolingTests
{
    [Fact]
    public void ConcurrentSandboxesStayApart()
    {
        var outputs = new string[64];
        Parallel.For(0, outputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            outputs[i] = PythonSandbox.Run($"v = {i}\ntry:\n  w\nexcept NameError:\n  w = v * 2\nprint(v, w)").Stdout;
        });
        for (int i = 0; i < outputs.Length; i++) Assert.Equal($"{i} {i * 2}\n", outputs[i]);
    }

    [Fact]
    public void PoolIsUsedOnlyWhenItsAddressSpaceCanBeReserved()
    {
        Assert.Equal(0, SandboxEngine.UsablePoolSize(0));
        Assert.Equal(OperatingSystem.IsLinux() ? 8 : 0, SandboxEngine.UsablePoolSize(8));
        // Far more than a 47-bit address space holds: refused rather than left to abort the process.
        Assert.Equal(0, SandboxEngine.UsablePoolSize(1 << 20));
    }

    [Fact]
    public void DefaultEngineIsPooled()
    {
        if (OperatingSystem.IsLinux()) Assert.True(SandboxRuntime.Shared.EngineFor(metered: false).PoolSlots > 0);
    }

    [Fact]
    public void ARuntimeWithoutPoolingHasAnUnpooledEngine()
    {
        using var runtime = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 0 });
        Assert.Equal(0, runtime.EngineFor(metered: false).PoolSlots);
        Assert.Equal("2\n", runtime.Run("print(1+1)").Stdout);
    }

    [Fact]
    public void SandboxesBeyondThePoolUseTheOverflowEngine()
    {
        if (!OperatingSystem.IsLinux()) return; // pooling is only used on Linux
        using var runtime = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 2 });
        var pooled = runtime.EngineFor(metered: false);
        Assert.Equal(2, pooled.PoolSlots);
        var live = new List<Interpreter>();
        try
        {
            for (int i = 0; i < 5; i++)
            {
                var interpreter = Interpreter.Create(runtime, false, 64L << 20);
                live.Add(interpreter);
                Assert.Equal("", interpreter.Execute($"v = {i}").Stdout);
            }
            for (int i = 0; i < live.Count; i++) Assert.Equal($"{i}\n", live[i].Execute("print(v)").Stdout);
            // Only a full pool sends a sandbox to the overflow engine: the first ones are pooled, the last is not.
            Assert.Same(pooled, live[0].Engine);
            Assert.Same(runtime.OverflowEngineFor(false), live[^1].Engine);
        }
        finally
        {
            live.ForEach(i => i.Dispose());
        }
    }

    [Fact]
    public void OnlyPoolExhaustionCountsAsAFullPool()
    {
        Assert.True(Interop.WasmtimeInternals.IsPoolExhausted(new Wasmtime.WasmtimeException("maximum concurrent limit of 3 for core instances reached")));
        Assert.True(Interop.WasmtimeInternals.IsPoolExhausted(new Wasmtime.WasmtimeException("maximum concurrent limit of 1025 for memories reached")));
        Assert.False(Interop.WasmtimeInternals.IsPoolExhausted(new Wasmtime.WasmtimeException("unknown import: `env::missing` has not been defined")));
        Assert.False(Interop.WasmtimeInternals.IsPoolExhausted(new Wasmtime.WasmtimeException("memory minimum size of 4096 pages exceeds memory limits")));
    }

    [Fact]
    public void ARealInstantiationFailureIsNotHiddenByTheOverflowEngine()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var runtime = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 2 });
        var pooled = runtime.EngineFor(metered: false);
        bool overflowAsked = false;
        // A cap below the pages the interpreter starts with cannot instantiate on any engine: the failure surfaces.
        Assert.ThrowsAny<Exception>(() => Interpreter.Create(pooled, () => { overflowAsked = true; return runtime.OverflowEngineFor(false); }, 64 * 1024).Dispose());
        Assert.False(overflowAsked, "a failure that was not a full pool went to the overflow engine");
    }

    [Fact]
    public void ReusedPoolSlotStartsClean()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var runtime = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 4 });
        var pooled = runtime.EngineFor(metered: false);
        Func<SandboxEngine> noOverflow = () => throw new InvalidOperationException("The pool should have room.");
        using (var first = Interpreter.Create(pooled, noOverflow, 64L << 20))
        {
            var dirty = first.Execute("leak = 'x' * 100000\nimport sys\nsys.path.append('/leak')\nb = bytearray(b'\\xff' * (3 * 1024 * 1024))");
            Assert.Equal(RunStatus.Completed, dirty.Status);
        }
        using var second = Interpreter.Create(pooled, noOverflow, 64L << 20);
        using var third = Interpreter.Create(pooled, noOverflow, 64L << 20);
        // Both start from the image, whichever slot they got: byte for byte the same memory.
        Assert.Equal(second.Memory.Length, third.Memory.Length);
        Assert.True(second.Memory.Span(0, (uint)second.Memory.Length).SequenceEqual(third.Memory.Span(0, (uint)third.Memory.Length)));
        Assert.Equal("False False\n", second.Execute("import sys\nprint('leak' in globals(), '/leak' in sys.path)").Stdout);
        Assert.Equal("3145728 0\n", second.Execute("b = bytearray(3 * 1024 * 1024)\nprint(len(b), sum(b))").Stdout);
    }
}
