namespace MicroPython.Sandbox.Tests;

/// <summary>Each limit stops the guest with its own status and leaves the host able to run more code.</summary>
public class LimitTests
{
    // A guard against a hung test, not a performance assertion.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private static RunResult RunGuarded(string code, SandboxOptions options, CancellationToken token = default)
    {
        var task = Task.Run(() => PythonSandbox.Run(code, options, token));
        // The guard bounds the test, not the run: it must not end early when the run is cancelled.
        Assert.True(task.Wait(Guard, CancellationToken.None), "the run did not end");
        return task.Result;
    }

    [Fact]
    public void MemoryBombEndsAsMemoryLimitExceeded()
    {
        var result = RunGuarded("s = 'a' * 10**9", new SandboxOptions());
        Assert.Equal(RunStatus.MemoryLimitExceeded, result.Status);
        Assert.Equal("MemoryError", result.Error?.Type);
        Assert.True(result.PeakMemoryBytes <= new SandboxOptions().MemoryLimit);
    }

    [Fact]
    public void MemoryErrorCanBeCaughtByTheCode()
    {
        var result = RunGuarded("try:\n    s = 'a' * 10**9\nexcept MemoryError:\n    print('caught')\nprint(len('b' * 1000))", new SandboxOptions());
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("caught\n1000\n", result.Stdout);
    }

    [Fact]
    public void NearlyTheWholeMemoryCapIsUsableByPython()
    {
        const long cap = 64L * 1024 * 1024;
        var result = RunGuarded("chunks = []\ntry:\n    while True:\n        chunks.append(bytearray(4 * 1024 * 1024))\nexcept MemoryError:\n    pass\nprint(len(chunks))", new SandboxOptions { MemoryLimit = cap });
        Assert.Equal(RunStatus.Completed, result.Status);
        int chunks = int.Parse(result.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        // 4 MiB chunks: at least 12 (48 MiB, 75% of the cap) must fit, not the 8-9 that doubling growth allows.
        Assert.InRange(chunks, 12, 16);
        Assert.InRange(result.PeakMemoryBytes, 48L * 1024 * 1024, cap);
    }

    [Fact]
    public void GarbageChurnUnderSmallCapEndsAsMemoryLimitExceeded()
    {
        // Garbage is collected during the run, but what the loop keeps exhausts an 8 MiB heap.
        // It must end as a memory limit (not spin until the wall-clock limit).
        var options = new SandboxOptions { MemoryLimit = 8 * 1024 * 1024, Timeout = TimeSpan.FromSeconds(50) };
        var result = RunGuarded("keep = []\nfor i in range(2_000_000):\n    s = str(i) * 3\n    keep.append(s)\nprint('done')", options);
        Assert.Equal(RunStatus.MemoryLimitExceeded, result.Status);
        Assert.True(result.PeakMemoryBytes <= options.MemoryLimit);
        Assert.Equal(RunStatus.Completed, PythonSandbox.Run("print('still usable')", options).Status);
    }

    [Fact]
    public void InfiniteLoopEndsAtTimeout()
    {
        var result = RunGuarded("while True:\n    pass", new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        Assert.Equal(RunStatus.TimeLimitExceeded, result.Status);
        Assert.True(result.WallTime >= TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void InfiniteLoopEndsWhenFuelRunsOut()
    {
        var options = new SandboxOptions { Fuel = 20_000_000, Timeout = TimeSpan.FromSeconds(50) };
        var result = RunGuarded("while True:\n    pass", options);
        Assert.Equal(RunStatus.FuelExhausted, result.Status);
        Assert.Equal(20_000_000UL, result.FuelConsumed);
    }

    [Fact]
    public void FuelIsDeterministicAndReported()
    {
        var options = new SandboxOptions { Fuel = 1_000_000_000 };
        const string code = "print(sum(i * i for i in range(10000)))";
        var first = PythonSandbox.Run(code, options);
        var second = PythonSandbox.Run(code, options);
        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal("333283335000\n", first.Stdout);
        Assert.NotNull(first.FuelConsumed);
        Assert.InRange(first.FuelConsumed!.Value, 10_000UL, 1_000_000_000UL);
        Assert.Equal(first.FuelConsumed, second.FuelConsumed);
        Assert.Null(PythonSandbox.Run(code).FuelConsumed);
    }

    [Fact]
    public void CancellationStopsARunningLoop()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var result = RunGuarded("while True:\n    pass", new SandboxOptions { Timeout = TimeSpan.FromSeconds(50) }, cts.Token);
        Assert.Equal(RunStatus.Cancelled, result.Status);
    }

    [Fact]
    public async Task RunAsyncHonoursCancellation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var result = await PythonSandbox.RunAsync("while True:\n    pass", new SandboxOptions { Timeout = TimeSpan.FromSeconds(50) }, cts.Token);
        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.Equal("3\n", (await PythonSandbox.RunAsync("print(1 + 2)")).Stdout);
    }

    [Fact]
    public void OutputFloodIsCutAtTheLimitAndStopped()
    {
        var options = new SandboxOptions { MaxOutputBytes = 10_000 };
        var result = RunGuarded("while True:\n    print('x' * 99)", options);
        Assert.Equal(RunStatus.OutputLimitExceeded, result.Status);
        Assert.True(result.OutputTruncated);
        Assert.Equal(10_000, result.Stdout.Length);
        Assert.StartsWith(string.Concat(Enumerable.Repeat(new string('x', 99) + "\n", 3)), result.Stdout);
    }

    [Fact]
    public void OutputWithinTheLimitIsComplete()
    {
        var result = PythonSandbox.Run("import sys\nprint('out')\nsys.stderr.write('err\\n')", new SandboxOptions { MaxOutputBytes = 100 });
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.False(result.OutputTruncated);
    }

    [Fact]
    public void OutputCanBeStreamedAndStillCountsTowardTheLimit()
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var options = new SandboxOptions { StandardOutput = stdout, StandardError = stderr, MaxOutputBytes = 1000 };
        var result = PythonSandbox.Run("import sys\nprint('héllo')\nprint('oops', file=sys.stderr)", options);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("", result.Stdout);
        Assert.Equal("héllo\n", System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal("oops\n", System.Text.Encoding.UTF8.GetString(stderr.ToArray()));

        stdout.SetLength(0);
        var flood = PythonSandbox.Run("while True:\n    print('z' * 9)", options);
        Assert.Equal(RunStatus.OutputLimitExceeded, flood.Status);
        Assert.Equal(1000, stdout.Length);
    }

    [Fact]
    public void OversizedSourceIsRefused()
    {
        var result = PythonSandbox.Run("x = 1\n" + new string('#', 5000), new SandboxOptions { MaxSourceBytes = 4096 });
        Assert.Equal(RunStatus.SourceTooLarge, result.Status);
        Assert.Contains("4096", result.Message);
    }

    [Fact]
    public void DeepRecursionIsAPythonErrorNotAFault()
    {
        var result = PythonSandbox.Run("def r(n):\n    return r(n + 1)\nr(0)");
        var error = result.ShouldFailWith("RuntimeError");
        Assert.Contains("recursion", error.Message);
    }

    [Fact]
    public void SmallestMemoryLimitStillRunsPython()
    {
        var options = new SandboxOptions { MemoryLimit = SandboxOptions.MinimumMemoryLimit };
        Assert.Equal("4950\n", PythonSandbox.Run("print(sum(range(100)))", options).Stdout);
        Assert.Equal(RunStatus.MemoryLimitExceeded, PythonSandbox.Run("x = []\nwhile True:\n    x.append('a' * 1000)", options).Status);
    }

    [Fact]
    public void RawMemoryAccessOutsideTheSandboxEndsTheRunNotTheProcess()
    {
        // uctypes reads and writes the sandbox's own memory; past its end WebAssembly traps. The trap cannot be told
        // apart from a size overflow inside the interpreter, so both are reported as memory, naming both causes.
        var result = PythonSandbox.Run("import uctypes\nb = uctypes.bytearray_at(0, 1 << 30)\nfor i in range(0, 1 << 30, 65536):\n    b[i] = 255");
        Assert.Equal(RunStatus.MemoryLimitExceeded, result.Status);
        Assert.Contains("uctypes", result.Message);
        Assert.Equal("ok\n", PythonSandbox.Run("print('ok')").Stdout);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(1024L)]
    [InlineData(3L * 1024 * 1024 * 1024)]
    public void OutOfRangeMemoryLimitIsHostMisuse(long limit)
        => Assert.Throws<ArgumentOutOfRangeException>(() => PythonSandbox.Run("1", new SandboxOptions { MemoryLimit = limit }));

    [Fact]
    public void OtherOutOfRangeOptionsAreHostMisuse()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PythonSandbox.Run("1", new SandboxOptions { Timeout = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PythonSandbox.Run("1", new SandboxOptions { Fuel = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PythonSandbox.Run("1", new SandboxOptions { MaxOutputBytes = -5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PythonSandbox.Run("1", new SandboxOptions { MaxSourceBytes = -1 }));
        Assert.Throws<ArgumentNullException>(() => PythonSandbox.Run((string)null!));
    }
}
