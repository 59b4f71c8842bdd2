using System.Diagnostics;

namespace MicroPython.Sandbox.Tests;

/// <summary>Async calls, files, and disposing a session: from another thread, from a host function, asynchronously.</summary>
public class SessionLifetimeTests
{
    [Fact]
    public async Task RunAsyncReturnsAtOnceWhileAnotherRunHoldsTheSession()
    {
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromSeconds(20) });
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        session.DefineFunction("hold", () => { started.Set(); release.Wait(TimeSpan.FromSeconds(15)); return 1; });
        var first = Task.Run(() => session.Run("hold()"));
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));

        // The second call queues on the gate asynchronously: the caller gets an unfinished task back.
        var watch = Stopwatch.StartNew();
        var second = session.RunAsync("2 + 3");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"RunAsync blocked its caller for {watch.Elapsed}");
        Assert.False(second.IsCompleted);

        release.Set();
        Assert.Equal(RunStatus.Completed, (await first).Status);
        Assert.Equal(5L, (await second).Value);
    }

    [Fact]
    public async Task CallAsyncCallsAPythonFunctionWithConvertedArguments()
    {
        await using var session = new PythonSession();
        session.Run("def join(sep, items):\n    return sep.join(items)");
        var r = await session.CallAsync("join", ["-", new List<string> { "a", "b" }]);
        Assert.Equal("a-b", r.Value);
        Assert.Equal("TypeError", (await session.CallAsync("join", ["-", 5])).Error?.Type);
        Assert.Throws<ArgumentException>(() => { _ = session.CallAsync("not a name", []); });
    }

    [Fact]
    public async Task RunAsyncTakesRunOptions()
    {
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromSeconds(30) });
        var r = await session.RunAsync("while True: pass", new RunOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        Assert.Equal(RunStatus.TimeLimitExceeded, r.Status);
        Assert.True(r.RolledBack);
    }

    [Fact]
    public void GetFilesListsWhatTheGuestWroteAndRollsBackWithIt()
    {
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromSeconds(1) });
        Assert.Empty(session.GetFiles());
        session.Run("open('/tmp/a.txt', 'w').write('one')");
        session.Run("open('/tmp/b.txt', 'w').write('two')\nwhile True: pass");
        var file = Assert.Single(session.GetFiles());
        Assert.Equal("/tmp/a.txt", file.Path);
        Assert.Equal("one", file.ReadAllText());
    }

    [Fact]
    public void DisposeFromAHostFunctionTakesEffectWhenTheRunEnds()
    {
        var session = new PythonSession();
        session.DefineFunction("close", () => session.Dispose());
        var r = session.Run("close()\n'still running'");
        Assert.Equal(RunStatus.Completed, r.Status);
        Assert.Equal("still running", r.Value);
        Assert.Throws<ObjectDisposedException>(() => session.Run("1"));
        session.Dispose();
    }

    [Fact]
    public void DisposeStopsARunInProgressAndWaitsForIt()
    {
        var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromSeconds(60) });
        using var started = new ManualResetEventSlim();
        session.DefineFunction("started", () => started.Set());
        var run = Task.Run(() => session.Run("started()\nwhile True: pass"));
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));

        var watch = Stopwatch.StartNew();
        session.Dispose();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"Dispose took {watch.Elapsed}");
        Assert.True(run.IsCompleted);
        Assert.Equal(RunStatus.Cancelled, run.Result.Status);
        Assert.Throws<ObjectDisposedException>(() => session.Run("1"));
    }

    [Fact]
    public async Task CallsQueuedBehindADisposeFailAsDisposed()
    {
        var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromSeconds(60) });
        using var started = new ManualResetEventSlim();
        session.DefineFunction("started", () => started.Set());
        var run = session.RunAsync("started()\nwhile True: pass");
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        var queued = session.RunAsync("1");

        await session.DisposeAsync();
        Assert.Equal(RunStatus.Cancelled, (await run).Status);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => queued);
        await session.DisposeAsync();
        session.Dispose();
    }

    [Fact]
    public void WaitingForTheSessionCanBeCancelled()
    {
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromSeconds(20) });
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        session.DefineFunction("hold", () => { started.Set(); release.Wait(TimeSpan.FromSeconds(15)); });
        var first = Task.Run(() => session.Run("hold()"));
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.ThrowsAny<OperationCanceledException>(() => session.RunAsync("1", cancel.Token).GetAwaiter().GetResult());
        release.Set();
        Assert.Equal(RunStatus.Completed, first.Result.Status);
        Assert.Equal(1L, session.Run("1").Value);
    }
}
