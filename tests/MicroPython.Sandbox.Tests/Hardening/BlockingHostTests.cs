using System.Diagnostics;
using static MicroPython.Sandbox.TestKit.SessionRuns;

namespace MicroPython.Sandbox.Tests;

/// <summary>
/// Limits hold while the guest waits on host code: a host function, an output stream or an input stream that
/// blocks cannot keep a run past its time limit or its cancellation.
/// </summary>
/// <remarks>
/// Their margins are about the limit, so they run alone: next to the CPU-heavy recursion and collection tests, on a
/// loaded 2-core machine, a thread-pool hop for a host function alone could take longer than the margin.
/// </remarks>
[Collection(TimingSensitive.Name)]
public class BlockingHostTests
{
    // A generous margin for a loaded 2-core machine; the point is "about the limit", not "the host's 3 s".
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(900);

    [Fact]
    public void ASynchronousHostFunctionThatSleepsDoesNotHoldTheRunPastItsTimeout()
    {
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(500) });
        var seenCancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.DefineFunction("slow", (CancellationToken token) =>
        {
            bool cancelled = token.WaitHandle.WaitOne(TimeSpan.FromSeconds(3));
            seenCancelled.TrySetResult(cancelled);
            return 42;
        });
        Ok(session, "x = 1");

        var watch = Stopwatch.StartNew();
        var result = session.Run("x = 2\nslow()\nx = 3");
        watch.Stop();

        Assert.Equal(RunStatus.TimeLimitExceeded, result.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(500) + Margin, $"took {watch.Elapsed}");
        // The function was told through its token, and the run was rolled back.
        Assert.True(seenCancelled.Task.Wait(TimeSpan.FromSeconds(5)) && seenCancelled.Task.Result);
        Assert.Equal(1L, Ok(session, "x").Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SynchronousHostFunctionsRunOffTheGuestThreadUnlessTheHostAsksForThemInline(bool inline)
    {
        using var session = new PythonSession(new SandboxOptions { RunHostFunctionsInline = inline });
        int calledOn = 0;
        session.DefineFunction("where", () => calledOn = Environment.CurrentManagedThreadId);

        Ok(session, "where()");

        Assert.Equal(inline, calledOn == Environment.CurrentManagedThreadId);
    }

    [Fact]
    public void AnAsynchronousHostFunctionStartsOnTheGuestThreadAndIsAwaitedNoLongerThanTheTimeout()
    {
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(400) });
        int startedOn = 0;
        var seenCancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.DefineFunction("wait", async (CancellationToken token) =>
        {
            startedOn = Environment.CurrentManagedThreadId;
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), token);
            }
            catch (OperationCanceledException)
            {
                seenCancelled.TrySetResult(true);
                throw;
            }
            return 1;
        });

        var watch = Stopwatch.StartNew();
        var result = session.Run("wait()");
        watch.Stop();

        Assert.Equal(RunStatus.TimeLimitExceeded, result.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(400) + Margin, $"took {watch.Elapsed}");
        Assert.Equal(Environment.CurrentManagedThreadId, startedOn);
        Assert.True(seenCancelled.Task.Wait(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void AHostFunctionThatIgnoresItsTokenIsAbandonedAndItsLateResultIsDropped()
    {
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        using var release = new ManualResetEventSlim();
        session.DefineFunction("stuck", () =>
        {
            release.Wait(TimeSpan.FromSeconds(10));
            return "late";
        });
        session.DefineFunction("quick", () => "now");

        var watch = Stopwatch.StartNew();
        var result = session.Run("r = stuck()");
        watch.Stop();
        release.Set();

        Assert.Equal(RunStatus.TimeLimitExceeded, result.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(300) + Margin, $"took {watch.Elapsed}");
        Assert.Equal("NameError", session.Run("r").Error?.Type);
        Assert.Equal("now", Ok(session, "quick()").Value);
    }

    [Fact]
    public void CancellingTheRunStopsAWaitOnABlockingHostFunction()
    {
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromSeconds(30) });
        using var release = new ManualResetEventSlim();
        session.DefineFunction("stuck", () => release.Wait(TimeSpan.FromSeconds(10)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var watch = Stopwatch.StartNew();
        var result = session.Run("stuck()", cancel.Token);
        watch.Stop();
        release.Set();

        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(300) + Margin, $"took {watch.Elapsed}");
    }

    [Fact]
    public void AnOutputStreamWhoseWriteBlocksDoesNotHoldTheRunPastItsTimeout()
    {
        using var blocking = new BlockingStream();
        var watch = Stopwatch.StartNew();
        var result = PythonSandbox.Run("print('hello')", new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(400), StandardOutput = blocking });
        watch.Stop();
        blocking.Release();

        Assert.Equal(RunStatus.TimeLimitExceeded, result.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(400) + Margin, $"took {watch.Elapsed}");
    }

    [Fact]
    public void AnInputStreamWhoseReadBlocksDoesNotHoldTheRunPastItsTimeout()
    {
        using var blocking = new BlockingStream();
        var watch = Stopwatch.StartNew();
        var result = PythonSandbox.Run("input()", new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(400), StandardInput = blocking });
        watch.Stop();
        blocking.Release();

        Assert.Equal(RunStatus.TimeLimitExceeded, result.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(400) + Margin, $"took {watch.Elapsed}");
    }

    [Fact]
    public void StreamsThatDoNotBlockStillCarryOutputAndInput()
    {
        using var output = new MemoryStream();
        using var input = new NonSeekableInput("abc\n"u8.ToArray());
        var result = PythonSandbox.Run("print(input().upper())", new SandboxOptions { StandardOutput = output, StandardInput = input });
        result.ShouldComplete();
        Assert.Equal("ABC\n", System.Text.Encoding.UTF8.GetString(output.ToArray()));
    }

    /// <summary>A stream whose reads and writes block until released (a pipe nobody serves).</summary>
    private sealed class BlockingStream : Stream
    {
        private readonly ManualResetEventSlim _gate = new();

        public void Release() => _gate.Set();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) { _gate.Wait(TimeSpan.FromSeconds(10)); return 0; }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _gate.Wait(TimeSpan.FromSeconds(10));

        protected override void Dispose(bool disposing)
        {
            if (disposing) { _gate.Set(); _gate.Dispose(); }
            base.Dispose(disposing);
        }
    }

    /// <summary>Input that is not a memory stream, so it takes the off-thread path.</summary>
    private sealed class NonSeekableInput(byte[] data) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(count, data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Tests whose assertions are about elapsed time, run without other tests in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}
