using MicroPython.Sandbox.Runtime;
using static MicroPython.Sandbox.TestKit.SessionRuns;

namespace MicroPython.Sandbox.Tests;

/// <summary>
/// Sessions started from the runtime's image of the session prelude: independent of each other and of the session the
/// image was captured from, with functions, files and per-session limits as a session that ran the prelude itself.
/// </summary>
public sealed class SessionImageTests : IDisposable
{
    // A runtime of its own, so the images these tests see are only the ones they make.
    private readonly SandboxRuntime _runtime = new(new SandboxRuntimeOptions { PoolSize = 0 });

    public void Dispose() => _runtime.Dispose();

    [Fact]
    public void TheFirstSessionOfAConfigurationCapturesTheImageAndLaterOnesStartFromIt()
    {
        Assert.Equal(0, _runtime.SessionImages.Count);
        using var first = _runtime.CreateSession();
        Ok(first, "x = 1");
        Assert.Equal(1, _runtime.SessionImages.Count);
        Assert.NotNull(_runtime.SessionImages.Find(new SandboxOptions()));
        using var second = _runtime.CreateSession();
        Assert.Equal(2L, Ok(second, "y = 2\ny").Value);
        Assert.Equal(1, _runtime.SessionImages.Count);
    }

    [Fact]
    public void AGlobalSetInOneSessionIsAbsentInSessionsStartedFromTheImage()
    {
        using var capturing = _runtime.CreateSession();
        Ok(capturing, "secret = 'first'");
        using var a = _runtime.CreateSession();
        using var b = _runtime.CreateSession();
        Ok(a, "secret = 'a'\nimport sys\nsys.modules['shared_mod'] = 'a'");
        b.Run("secret").ShouldFailWith("NameError");
        b.Run("import shared_mod").ShouldFailWith("ImportError");
        Ok(b, "secret = 'b'");
        Assert.Equal("first", Ok(capturing, "secret").Value);
        Assert.Equal("a", Ok(a, "secret").Value);
        Assert.Equal("b", Ok(b, "secret").Value);
        // Nothing random is fixed in the image: each session seeds its own generator.
        string draws = "import random\n[random.getrandbits(30) for _ in range(4)]";
        Assert.NotEqual(Ok(a, draws).ValueRepr, Ok(b, draws).ValueRepr);
        // Disposing one leaves the others working.
        a.Dispose();
        Assert.Equal("b", Ok(b, "secret").Value);
    }

    [Fact]
    public void HostFunctionsAndFilesWorkInSessionsStartedFromTheImage()
    {
        using (var capturing = _runtime.CreateSession()) Ok(capturing, "pass");
        var options = new SandboxOptions();
        options.Files.Add("/data/in.txt", "hello");
        using var session = _runtime.CreateSession(options);
        using var other = _runtime.CreateSession();
        session.DefineFunction("twice", (int n) => n * 2);
        session.DefineFunction("text.shout", (string s) => s.ToUpperInvariant());
        Assert.Equal(42L, Ok(session, "twice(21)").Value);
        Assert.Equal("HELLO", Ok(session, "import text\ntext.shout(open('/data/in.txt').read())").Value);
        Ok(session, "with open('/tmp/out.txt', 'w') as f: f.write('written')");
        Assert.Equal("written", Assert.Single(session.GetFiles(), f => f.Path == "/tmp/out.txt").ReadAllText());
        // The other session has neither the function nor the files.
        other.Run("twice(1)").ShouldFailWith("NameError");
        other.Run("open('/data/in.txt')").ShouldFailWith("FileNotFoundError");
        Assert.DoesNotContain(other.GetFiles(), f => f.Path == "/tmp/out.txt");
    }

    [Fact]
    public void AResetSessionStartsFromTheImageWithItsFunctionsInstalledAgain()
    {
        using (var capturing = _runtime.CreateSession()) Ok(capturing, "pass");
        using var session = _runtime.CreateSession();
        session.DefineFunction("inc", (int n) => n + 1);
        Ok(session, "kept = inc(1)");
        session.Reset();
        session.Run("kept").ShouldFailWith("NameError");
        Assert.Equal(3L, Ok(session, "inc(2)").Value);
    }

    [Fact]
    public void OptionsThePreludeDependsOnGetImagesOfTheirOwnAndAreHonoured()
    {
        const string nested = "[[[[['deep']]]]]";
        using (var plain = _runtime.CreateSession()) Assert.Equal("[[[[['deep']]]]]", Ok(plain, nested).ValueRepr);
        var shallow = new SandboxOptions { MaxHostValueDepth = 2 };
        using (var capturing = _runtime.CreateSession(shallow)) Ok(capturing, "pass");
        Assert.Equal(2, _runtime.SessionImages.Count);

        using var fromShallowImage = _runtime.CreateSession(shallow);
        Assert.Null(Ok(fromShallowImage, nested).Value); // too deep for its limit: no .NET value
        using var fromDefaultImage = _runtime.CreateSession();
        Assert.NotNull(Ok(fromDefaultImage, nested).Value);

        // Fuel runs on another engine; its sessions get an image of their own, and their budget still applies.
        var metered = new SandboxOptions { Fuel = 5_000_000 };
        using (var capturing = _runtime.CreateSession(metered)) Ok(capturing, "pass");
        Assert.Equal(3, _runtime.SessionImages.Count);
        using var fromMeteredImage = _runtime.CreateSession(metered);
        Assert.Equal(RunStatus.FuelExhausted, fromMeteredImage.Run("while True: pass").Status);
        Assert.Equal(7L, Ok(fromMeteredImage, "3 + 4").Value);
    }

    [Fact]
    public void AMemoryLimitOfItsOwnGetsItsOwnImageAndItsLimitHolds()
    {
        using (var capturing = _runtime.CreateSession()) Ok(capturing, "pass");
        var small = new SandboxOptions { MemoryLimit = 8L << 20 };
        using (var capturing = _runtime.CreateSession(small)) Ok(capturing, "pass");
        Assert.Equal(2, _runtime.SessionImages.Count);
        using var session = _runtime.CreateSession(small);
        Assert.InRange(session.MemoryBytes, 1, 8L << 20);
        var result = session.Run("big = bytearray(32 * 1024 * 1024)");
        Assert.Equal(RunStatus.MemoryLimitExceeded, result.Status);
        Assert.Equal(2L, Ok(session, "1 + 1").Value);
    }

    [Fact]
    public void SessionsWithTheSmallestMemoryLimitStartTheNormalWay()
    {
        var smallest = new SandboxOptions { MemoryLimit = SandboxOptions.MinimumMemoryLimit };
        using var a = _runtime.CreateSession(smallest);
        using var b = _runtime.CreateSession(smallest);
        Ok(a, "v = 'a'");
        b.Run("v").ShouldFailWith("NameError");
        Assert.Null(_runtime.SessionImages.Find(smallest));
    }

    [Fact]
    public void AnImageLargerThanAnInterpretersMemoryCapIsNotLoadedIntoIt()
    {
        StateImage large;
        using (var grown = Interpreter.Create(_runtime, metered: false, 64L << 20))
        {
            Assert.True(grown.Execute("b = bytearray(4 * 1024 * 1024)"u8, new SandboxOptions(), null, CancellationToken.None).IsSuccess);
            large = grown.CaptureStateImage();
        }
        Assert.True(large.Length > 4L << 20);
        using var small = Interpreter.Create(_runtime, metered: false, 4L << 20);
        long before = small.Memory.Length;
        Assert.False(small.TryLoadStateImage(large));
        Assert.Equal(before, small.Memory.Length);
        Assert.True(small.Execute("x = 1"u8, new SandboxOptions { MemoryLimit = 4L << 20 }, null, CancellationToken.None).IsSuccess);
    }

    [Fact]
    public void AnImageLeavesOutTheDeadCStackThatDeepCallsWroteAndStillStartsAWorkingInterpreter()
    {
        StateImage shallow, deep;
        using (var a = Interpreter.Create(_runtime, metered: false, 64L << 20))
        {
            Assert.True(a.Execute("x = 1"u8, new SandboxOptions(), null, CancellationToken.None).IsSuccess);
            shallow = a.CaptureStateImage();
        }
        using (var b = Interpreter.Create(_runtime, metered: false, 64L << 20))
        {
            // 900 frames write a few hundred KiB of C stack, all of it dead once the run returns.
            Assert.True(b.Execute("def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\nx = f(900)"u8, new SandboxOptions(), null, CancellationToken.None).IsSuccess);
            deep = b.CaptureStateImage();
        }
        Assert.True(deep.Bytes.Length - shallow.Bytes.Length < 64 * 1024, $"{shallow.Bytes.Length} -> {deep.Bytes.Length} bytes");
        using var loaded = Interpreter.Create(_runtime, metered: false, 64L << 20);
        Assert.True(loaded.TryLoadStateImage(deep));
        var result = loaded.Execute("print(x, f(950))"u8, new SandboxOptions(), null, CancellationToken.None);
        Assert.Equal("900 950\n", result.Stdout);
    }

    [Fact]
    public void ImagesAreNotSharedBetweenRuntimes()
    {
        using (var capturing = _runtime.CreateSession()) Ok(capturing, "pass");
        Assert.Equal(1, _runtime.SessionImages.Count);
        using var withoutImages = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 0, UseStartupImage = false });
        using var other = new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = 0 });
        Assert.Null(other.SessionImages.Find(new SandboxOptions()));
        using (var a = withoutImages.CreateSession()) Ok(a, "pass");
        using (var b = withoutImages.CreateSession()) Assert.Equal(2L, Ok(b, "1 + 1").Value);
        Assert.Equal(0, withoutImages.SessionImages.Count);
        using (var c = other.CreateSession()) Ok(c, "pass");
        Assert.Equal(1, other.SessionImages.Count);
        Assert.NotSame(_runtime.SessionImages.Find(new SandboxOptions()), other.SessionImages.Find(new SandboxOptions()));
    }
}
