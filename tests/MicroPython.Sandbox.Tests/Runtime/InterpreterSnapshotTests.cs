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
}
