namespace MicroPython.Sandbox.Tests;

/// <summary>
/// Runtimes are explicit and independent: each has its own settings, engines and recycled interpreters, and several
/// work side by side in one process.
/// </summary>
public class SandboxRuntimeTests
{
    [Fact]
    public void TwoRuntimesWithDifferentSettingsRunSideBySide()
    {
        using var cache = new TempDirectory("mpsandbox-runtime-");
        using var pooled = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 8, CacheDirectory = cache });
        using var plain = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 0, CacheDirectory = null, UseStartupImage = false });
        var runs = Enumerable.Range(0, 24).Select(i =>
        {
            var runtime = i % 2 == 0 ? pooled : plain;
            return (i, runtime.RunAsync($"v = {i}\ntry:\n  w\nexcept NameError:\n  w = v * 3\nprint(v, w)", InterpreterRuns.Options));
        }).ToList();
        Task.WaitAll([.. runs.Select(r => r.Item2)]);
        foreach (var (i, run) in runs) Assert.Equal($"{i} {i * 3}\n", run.Result.Stdout);

        Assert.Equal(OperatingSystem.IsLinux() ? 8 : 0, pooled.EngineFor(metered: false).PoolSlots);
        Assert.Equal(0, plain.EngineFor(metered: false).PoolSlots);
        Assert.NotNull(pooled.EngineFor(metered: false).Image);
        Assert.Null(plain.EngineFor(metered: false).Image);
    }

    [Fact]
    public void ARuntimeWritesCompiledCodeToItsCacheDirectoryAndOneWithoutACacheWritesNone()
    {
        using var cache = new TempDirectory("mpsandbox-runtime-");
        using (var cached = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 0, CacheDirectory = cache }))
            Assert.Equal("1\n", cached.Run("print(1)").Stdout);
        var written = Directory.GetFiles(cache, "*.cwasm");
        Assert.NotEmpty(written); // the start-up image at least

        // A second runtime on the same folder loads what the first wrote rather than writing again.
        using (var again = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 0, CacheDirectory = cache }))
            Assert.Equal("2\n", again.Run("print(2)").Stdout);
        Assert.Equal(written.Order(), Directory.GetFiles(cache, "*.cwasm").Order());

        // Without a cache the interpreter is compiled in memory: the folder another runtime used stays as it was,
        // and the engine was told of no folder at all.
        using var uncached = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 0, CacheDirectory = null });
        Assert.Equal("3\n", uncached.Run("print(3)").Stdout);
        Assert.Null(uncached.Options.CacheDirectory);
        Assert.Equal(written.Order(), Directory.GetFiles(cache).Order());
    }

    [Fact]
    public void ADisposedRuntimeThrowsObjectDisposedException()
    {
        var runtime = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 0 });
        Assert.Equal("ok\n", runtime.Run("print('ok')").Stdout);
        runtime.Dispose();
        runtime.Dispose(); // a second dispose is harmless

        Assert.Throws<ObjectDisposedException>(() => runtime.Run("print(1)"));
        Assert.Throws<ObjectDisposedException>(() => runtime.Run("print(1)"u8));
        Assert.Throws<ObjectDisposedException>(() => { _ = runtime.RunAsync("print(1)"); }); // thrown at the call, not in the task
        Assert.Throws<ObjectDisposedException>(() => runtime.Preload());
        Assert.Throws<ObjectDisposedException>(() => runtime.CreateSession());
        Assert.Throws<ObjectDisposedException>(() => new PythonSession(runtime));
    }

    [Fact]
    public void ASessionStartedBeforeItsRuntimeWasDisposedKeepsItsLimits()
    {
        var runtime = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 0 });
        using var session = runtime.CreateSession(new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        Assert.Equal(RunStatus.Completed, session.Run("x = 41").Status);
        runtime.Dispose();
        Assert.Equal("42\n", session.Run("print(x + 1)").Stdout);
        // The deadline still fires: the engine's ticker runs again for a run that needs it.
        Assert.Equal(RunStatus.TimeLimitExceeded, session.Run("while True:\n  pass").Status);
    }

    [Fact]
    public void DisposingTheSharedRuntimeDoesNothing()
    {
        SandboxRuntime.Shared.Dispose();
        Assert.Equal("2\n", PythonSandbox.Run("print(1+1)").Stdout);
        Assert.Same(SandboxRuntime.Shared, SandboxRuntime.Shared);
    }

    [Fact]
    public void SessionsRunOnTheRuntimeTheyWereCreatedWith()
    {
        using var runtime = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 0, RecycleInterpreters = false });
        using var created = runtime.CreateSession();
        using var constructed = new PythonSession(runtime, new SandboxOptions { MemoryLimit = 32L << 20 });
        Assert.Equal(RunStatus.Completed, created.Run("a = 'created'").Status);
        Assert.Equal(RunStatus.Completed, constructed.Run("a = 'constructed'").Status);
        Assert.Equal("created\n", created.Run("print(a)").Stdout);
        Assert.Equal("constructed\n", constructed.Run("print(a)").Stdout);
        Assert.Throws<ArgumentNullException>(() => new PythonSession((SandboxRuntime)null!));
    }

    [Fact]
    public void PreloadReportsLoadTimeOnlyForTheCallThatLoaded()
    {
        using var runtime = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 0 });
        Assert.True(runtime.Preload() > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, runtime.Preload());
        // Runs with fuel use an engine of their own, loaded separately.
        var metered = new SandboxOptions { Fuel = 1_000_000 };
        Assert.True(runtime.Preload(metered) > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, runtime.Preload(metered));
    }
}
