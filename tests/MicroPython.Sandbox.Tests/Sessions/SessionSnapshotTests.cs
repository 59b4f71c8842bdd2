using static MicroPython.Sandbox.TestKit.SessionRuns;

namespace MicroPython.Sandbox.Tests;

/// <summary>Saving a session to a stream and restoring it, and forking a session.</summary>
public class SessionSnapshotTests
{
    private const string Setup = """
        import json
        class Point:
            def __init__(self, x, y):
                self.x, self.y = x, y
            def norm2(self):
                return self.x * self.x + self.y * self.y
        def make(n):
            return [Point(i, i + 1) for i in range(n)]
        points = make(100)
        table = {str(i): i * i for i in range(1000)}
        counter = iter(range(10))
        next(counter)
        """;

    private static MemoryStream Save(PythonSession session)
    {
        var stream = new MemoryStream();
        session.Save(stream);
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public void ARestoredSessionHasTheSavedGlobalsObjectsImportsAndIteratorPositions()
    {
        const string Probe = "print(sum(p.norm2() for p in points), table['999'], next(counter), json.dumps({'a': 1}), type(points[3]).__name__)";
        MemoryStream saved;
        string expected;
        using (var session = new PythonSession())
        {
            Ok(session, Setup);
            saved = Save(session);
            expected = Ok(session, Probe).Stdout; // after the save: the probe advances the iterator
        }
        using var restored = PythonSession.Restore(saved);
        Assert.Equal(expected, Ok(restored, Probe).Stdout);
        Assert.StartsWith("666700 998001 1 ", expected, StringComparison.Ordinal);
        // And the restored session keeps working as a session: new state, rollback after a limit, reset.
        Ok(restored, "points.append(Point(0, 0))");
        Assert.Equal(101L, restored.Run("len(points)").Value);
    }

    [Fact]
    public async Task SaveAsyncAndRestoreAsyncRoundTripThroughAFile()
    {
        using var folder = new TempDirectory();
        string path = Path.Combine(folder.Path, "session.bin");
        await using (var session = new PythonSession())
        {
            Ok(session, "greeting = 'hello ' * 3");
            await using var file = File.Create(path);
            await session.SaveAsync(file);
        }
        await using var input = File.OpenRead(path);
        await using var restored = await PythonSession.RestoreAsync(input);
        Assert.Equal("hello hello hello ", restored.Run("greeting").Value);
    }

    [Fact]
    public void ARestoredSessionRollsBackARunThatHitsALimit()
    {
        using var session = new PythonSession();
        Ok(session, "items = [1, 2, 3]");
        using var restored = PythonSession.Restore(Save(session), new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        var r = restored.Run("items.append(4)\nwhile True:\n    pass");
        Assert.Equal(RunStatus.TimeLimitExceeded, r.Status);
        Assert.True(r.RolledBack);
        Assert.Equal("[1, 2, 3]\n", Ok(restored, "print(items)").Stdout);
        restored.Reset();
        Assert.Equal(RunStatus.PythonError, restored.Run("items").Status);
    }

    [Fact]
    public void GuestFilesAndAnOpenFileSurviveARestore()
    {
        using var session = new PythonSession();
        Ok(session, """
            import os
            os.mkdir('/tmp/out')
            with open('/tmp/out/data.csv', 'w') as f:
                f.write('a,b\n1,2\n')
            log = open('/tmp/log.txt', 'w')
            log.write('first;')
            os.chdir('/tmp/out')
            """);
        using var restored = PythonSession.Restore(Save(session));
        var r = Ok(restored, "log.write('second')\nlog.close()\nprint(os.getcwd(), open('data.csv').read().split(), open('/tmp/log.txt').read())");
        Assert.Equal("/tmp/out ['a,b', '1,2'] first;second\n", r.Stdout);
        Assert.Equal(["/tmp/log.txt", "/tmp/out/data.csv"], restored.GetFiles().Select(f => f.Path));
    }

    [Fact]
    public void FilesTheHostProvidedComeFromTheRestoringOptions()
    {
        var options = new SandboxOptions();
        options.Files.Add("/data/input.txt", "old"u8.ToArray());
        using var session = new PythonSession(options);
        Ok(session, "f = open('/data/input.txt')");
        var restoring = new SandboxOptions();
        restoring.Files.Add("/data/input.txt", "new"u8.ToArray());
        using var restored = PythonSession.Restore(Save(session), restoring);
        Assert.Equal("new", restored.Run("f.read()").Value);
        Assert.Empty(restored.GetFiles());
    }

    [Fact]
    public void HostFunctionsAreDefinedAgainByNameAndAMissingOneRaisesAClearPythonError()
    {
        using var session = new PythonSession();
        session.DefineFunction("add", (long a, long b) => a + b);
        session.DefineFunction("db.lookup", (string key) => key.ToUpperInvariant());
        Ok(session, "import db\nkeep = add\nfind = db.lookup");
        var saved = Save(session);

        using var restored = PythonSession.Restore(saved);
        var missing = restored.Run("add(1, 2)");
        Assert.Equal(RunStatus.PythonError, missing.Status);
        Assert.Equal("RuntimeError", missing.Error!.Type);
        Assert.Contains("add() is not available", missing.Error.Message, StringComparison.Ordinal);

        restored.DefineFunction("add", (long a, long b) => a + b + 1000);
        Assert.Equal(1003L, restored.Run("add(1, 2)").Value);
        Assert.Equal(1003L, restored.Run("keep(1, 2)").Value); // a reference kept from before the save
        Assert.Equal(RunStatus.PythonError, restored.Run("find('x')").Status);
        restored.DefineFunction("db.lookup", (string key) => key + "!");
        Assert.Equal("x!", restored.Run("find('x')").Value);
        Assert.Equal("y!", restored.Run("db.lookup('y')").Value);
    }

    [Fact]
    public void DataThatIsNotASnapshotIsRefusedAsCorrupt()
    {
        var e = Assert.Throws<SessionSnapshotException>(() => PythonSession.Restore(new MemoryStream(new byte[200])));
        Assert.Equal(SessionSnapshotError.Corrupt, e.Reason);
    }

    [Fact]
    public void ATruncatedSnapshotIsRefusedAsTruncated()
    {
        using var session = new PythonSession();
        var bytes = Save(session).ToArray();
        foreach (int length in new[] { 0, 10, 59, 60, bytes.Length / 2, bytes.Length - 1 })
        {
            var e = Assert.Throws<SessionSnapshotException>(() => PythonSession.Restore(new MemoryStream(bytes, 0, length)));
            Assert.Equal(SessionSnapshotError.Truncated, e.Reason);
        }
    }

    [Fact]
    public void AChangedByteIsCaughtByTheChecksum()
    {
        using var session = new PythonSession();
        var bytes = Save(session).ToArray();
        bytes[bytes.Length / 2] ^= 0x10;
        var e = Assert.Throws<SessionSnapshotException>(() => PythonSession.Restore(new MemoryStream(bytes)));
        Assert.Equal(SessionSnapshotError.Corrupt, e.Reason);
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASnapshotFromAnotherEngineBuildIsRefusedWithEngineMismatch()
    {
        using var session = new PythonSession();
        var bytes = Save(session).ToArray();
        bytes[20] ^= 0xFF; // inside the engine build id
        var e = Assert.Throws<SessionSnapshotException>(() => PythonSession.Restore(new MemoryStream(bytes)));
        Assert.Equal(SessionSnapshotError.EngineMismatch, e.Reason);
        Assert.Contains("another build", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASnapshotOfAnotherFormatVersionIsRefused()
    {
        using var session = new PythonSession();
        var bytes = Save(session).ToArray();
        bytes[8] = 99;
        var e = Assert.Throws<SessionSnapshotException>(() => PythonSession.Restore(new MemoryStream(bytes)));
        Assert.Equal(SessionSnapshotError.UnsupportedVersion, e.Reason);
    }

    [Fact]
    public void ASnapshotLargerThanTheRestoringMemoryLimitIsRefused()
    {
        using var session = new PythonSession(new SandboxOptions { MemoryLimit = 128L << 20 });
        Ok(session, "blob = bytes(range(256)) * (40 * 4096)");
        var saved = Save(session);
        var e = Assert.Throws<SessionSnapshotException>(() => PythonSession.Restore(saved, new SandboxOptions { MemoryLimit = 24L << 20 }));
        Assert.Equal(SessionSnapshotError.ExceedsLimits, e.Reason);
    }

    [Fact]
    public void AForkIsIndependentOfItsSource()
    {
        using var session = new PythonSession();
        session.DefineFunction("twice", (long x) => 2 * x);
        Ok(session, "items = [1]\nopen('/tmp/f.txt', 'w').write('source')");
        using var fork = session.Fork();
        Ok(fork, "items.append(twice(2))\nopen('/tmp/f.txt', 'w').write('fork')");
        Ok(session, "items.append(3)");
        Assert.Equal("[1, 4] fork\n", Ok(fork, "print(items, open('/tmp/f.txt').read())").Stdout);
        Assert.Equal("[1, 3] source\n", Ok(session, "print(items, open('/tmp/f.txt').read())").Stdout);
        session.Dispose();
        Assert.Equal(8L, fork.Run("twice(4)").Value);
    }

    [Fact]
    public void AForkOfAForkWithMuchDataMatchesItsSource()
    {
        using var session = new PythonSession();
        Ok(session, "data = [str(i) * 10 for i in range(100000)]");
        using var fork = session.Fork();
        using var second = fork.Fork();
        Assert.Equal(session.Run("sum(len(s) for s in data)").Value, second.Run("sum(len(s) for s in data)").Value);
        Ok(second, "data.clear()");
        Assert.Equal(100000L, fork.Run("len(data)").Value);
    }

    [Fact]
    public void ASnapshotLeavesOutTheGarbageInTheHeap()
    {
        // The strings are built through temporaries (and the list through reallocations) that are garbage afterwards.
        // Collections during the run would reuse their blocks, so the cell turns them off: the garbage piles up as it
        // did before, and the collection at the end of the run frees it, its blocks still holding the strings.
        const string Make = "import gc, random\ngc.disable()\nx = [str(random.getrandbits(30)) + '-' + str(i) for i in range(60000)]\ngc.enable()";
        const string Digest = "print(len(x), sum(len(s) for s in x))";
        var slow = new SandboxOptions { Timeout = TimeSpan.FromSeconds(60) };
        using var runtime = new SandboxRuntime();
        runtime.EngineFor(metered: false).HeapAreaOffset = -1; // this runtime's snapshots keep free heap blocks as they are
        using var keeping = runtime.CreateSession(slow);
        Ok(keeping, Make);
        using var clearing = new PythonSession(slow);
        Ok(clearing, Make);
        long kept = Save(keeping).Length, cleared = Save(clearing).Length;
        Assert.True(cleared < kept / 3, $"with free blocks cleared the snapshot is {cleared} bytes; with them kept {kept}");
        // What was cleared was only garbage: the session and its restored copy still have every value.
        string expected = Ok(clearing, Digest).Stdout;
        using var restored = PythonSession.Restore(Save(clearing), slow);
        Assert.Equal(expected, Ok(restored, Digest).Stdout);
        Ok(restored, "y = [random.getrandbits(8) for i in range(10000)]\nx.append('more')");
    }

    [Fact]
    public void AHeavilyUsedSessionRestoresWithEveryValueIntact()
    {
        const string Digest = "print(sum(len(k) + v[0] + len(v[1]) for k, v in big.items()), len(big), sorted(big)[:3])";
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromSeconds(60) });
        Ok(session, "big = {}\nfor i in range(10000):\n    big['k%d' % i] = (i, 'v' * (i % 50))\ntrash = [list(range(100)) for i in range(500)]");
        Ok(session, "del trash\nfor i in range(0, 10000, 3):\n    del big['k%d' % i]");
        string expected = Ok(session, Digest).Stdout;
        using var restored = PythonSession.Restore(Save(session));
        Assert.Equal(expected, Ok(restored, Digest).Stdout);
        using var again = PythonSession.Restore(Save(restored));
        Assert.Equal(expected, Ok(again, Digest).Stdout);
    }
}
