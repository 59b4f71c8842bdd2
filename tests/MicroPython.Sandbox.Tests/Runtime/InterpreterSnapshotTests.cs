using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Tests;

/// <summary>
/// A restore puts linear memory back byte for byte, including pages the snapshot skipped because they had
/// never been touched (they are dropped back to the start-up image or zeros), and memory grown since.
/// </summary>
public class InterpreterSnapshotTests
{
    [Fact]
    public void RestorePutsEveryByteBackAfterARunThatTouchedNewPagesAndGrewMemory()
    {
        using var interpreter = Interpreter.Create(SandboxRuntime.Shared, metered: false, 64L * 1024 * 1024);
        var options = new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(300) };
        Assert.True(interpreter.Execute("x = [1, 2, 3]"u8, options, null, CancellationToken.None).IsSuccess);

        var before = interpreter.Memory.Span(0, (uint)interpreter.Memory.Length).ToArray();
        var snapshot = new InterpreterSnapshot();
        interpreter.Capture(snapshot);

        // Fill fresh heap pages and grow memory past its old size, then stop on the time limit.
        var failed = interpreter.Execute("a = bytearray(b'\\xff' * 600000)\nb = bytearray(b'\\xee' * 3000000)\nwhile True:\n    pass"u8, options, null, CancellationToken.None);
        Assert.Equal(RunStatus.TimeLimitExceeded, failed.Status);
        Assert.True(interpreter.Memory.Length > before.Length);

        interpreter.Restore(snapshot);
        var after = interpreter.Memory.Span(0, (uint)interpreter.Memory.Length);
        Assert.True(after[..before.Length].SequenceEqual(before), "memory differs from the snapshot");
        Assert.Equal(-1, after[before.Length..].IndexOfAnyExcept((byte)0));

        Assert.Equal("[1, 2, 3] False\n", interpreter.Execute("print(x, 'a' in globals())"u8, options, null, CancellationToken.None).Stdout);
        snapshot.Release();
    }

    [Fact]
    public void RestorePutsBackStartupImagePagesThatWereOnlyReadBeforeTheCapture()
    {
        // A capture copies only the pages the process holds its own copy of; a page of the start-up image that was
        // read but never written is left out and dropped back to the image on restore. The failed run below writes
        // objects made at start-up (sys.path, the module table), so it changes such pages. No pooling: a reused pool
        // slot would already hold its own copy of the pages a previous sandbox wrote.
        using var runtime = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 0 });
        using var interpreter = Interpreter.Create(runtime, metered: false, 64L * 1024 * 1024);
        Assert.True(interpreter.FromImage);
        var options = new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(300) };
        Assert.True(interpreter.Execute("import sys\ny = len(sys.path)"u8, options, null, CancellationToken.None).IsSuccess);

        var before = interpreter.Memory.Span(0, (uint)interpreter.Memory.Length).ToArray(); // reads every page
        int pageSize = Environment.SystemPageSize, pages = before.Length / pageSize;
        var own = new bool[pages];
        if (!ResidentPages.TryReadOwn(interpreter.Memory.Pointer, own)) return; // no page map here: everything is copied
        var snapshot = new InterpreterSnapshot();
        interpreter.Capture(snapshot);

        var failed = interpreter.Execute("import sys\nsys.path.append('/changed')\nimport json\nwhile True:\n    pass"u8, options, null, CancellationToken.None);
        Assert.Equal(RunStatus.TimeLimitExceeded, failed.Status);
        var changed = interpreter.Memory.Span(0, (uint)before.Length);
        int readOnlyPagesWritten = 0;
        for (int p = 0; p < pages; p++)
            if (!own[p] && !changed.Slice(p * pageSize, pageSize).SequenceEqual(before.AsSpan(p * pageSize, pageSize))) readOnlyPagesWritten++;
        Assert.True(readOnlyPagesWritten > 0, "the run wrote no page that was only read before the capture");

        interpreter.Restore(snapshot);
        Assert.True(interpreter.Memory.Span(0, (uint)before.Length).SequenceEqual(before), "memory differs from the snapshot");
        Assert.Equal("False 0\n", interpreter.Execute("import sys\nprint('/changed' in sys.path, len(sys.path) - y)"u8, options, null, CancellationToken.None).Stdout);
        snapshot.Release();
    }
}
