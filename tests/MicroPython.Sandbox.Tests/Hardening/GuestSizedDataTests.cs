using System.Diagnostics;

namespace MicroPython.Sandbox.Tests;

/// <summary>Data whose size the guest chooses is capped before it is copied into host memory.</summary>
public class GuestSizedDataTests
{
    [Fact]
    public void AHugeExceptionMessageIsCutWithAMarkerAndKeepsItsTypeAndEnd()
    {
        var result = PythonSandbox.Run("raise ValueError('x' * 15_000_000 + 'END')", new SandboxOptions { MemoryLimit = 256L * 1024 * 1024 });

        result.ShouldFailWith("ValueError");
        Assert.True(result.Error!.Message.Length <= 64 * 1024, $"message of {result.Error.Message.Length} chars");
        Assert.True(result.Error.Traceback.Length <= 64 * 1024, $"traceback of {result.Error.Traceback.Length} chars");
        Assert.Contains("bytes of the error report left out", result.Error.Message, StringComparison.Ordinal);
        Assert.EndsWith("END", result.Error.Message, StringComparison.Ordinal);
        Assert.StartsWith("xxxx", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExceptionMessageUnderTheCapIsKeptWhole()
    {
        var result = PythonSandbox.Run("raise ValueError('y' * 30_000)");
        result.ShouldFailWith("ValueError");
        Assert.Equal(new string('y', 30_000), result.Error!.Message);
    }

    [Fact]
    public void AHugeBytesResultOfAHostFunctionIsRefusedBeforeItIsEncoded()
    {
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromSeconds(20) });
        var big = new byte[100 * 1024 * 1024];
        session.DefineFunction("blob", () => big);
        // Counted on this thread, where the guest runs and a result is encoded: other tests run in parallel.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var result = session.Run("blob()");
        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        result.ShouldFailWith("ValueError");
        Assert.Contains("limit", result.Error!.Message, StringComparison.Ordinal);
        // Encoding it would take a 200 MB hex string and as much again in the JSON text.
        Assert.True(allocated < 32L * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void AHugeStringResultOfAHostFunctionIsRefusedBeforeItIsEncoded()
    {
        using var session = new PythonSession();
        var big = new string('s', 40 * 1024 * 1024);
        session.DefineFunction("text", () => new[] { big });
        // Counted on this thread, where the guest runs and a result is encoded: other tests run in parallel.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = session.Run("text()");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        result.ShouldFailWith("ValueError");
        Assert.True(allocated < 32L * 1024 * 1024, $"allocated {allocated} bytes");
    }
}
