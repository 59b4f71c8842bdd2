namespace MicroPython.Sandbox.Orleans.Tests;

[CollectionDefinition(Name)]
public sealed class SharedCluster : ICollectionFixture<PythonSessionCluster>
{
    public const string Name = "Python session cluster";
}

[Collection(SharedCluster.Name)]
public sealed class PythonSessionGrainTests(PythonSessionCluster fixture)
{
    private static string NewKey(string name) => $"{name}-{Guid.NewGuid():N}";

    [Fact]
    public async Task ARunKeepsItsStateForTheNextCall()
    {
        var session = fixture.Session(NewKey("state"));

        var first = await session.RunAsync("x = 41\ndef double(v):\n    return v * 2");
        var second = await session.RunAsync("double(x + 1) // 2");

        Assert.Equal("completed", first.Status);
        Assert.Equal("completed", second.Status);
        Assert.Equal("42", second.ValueRepr);
    }

    [Fact]
    public async Task ASessionSurvivesItsSiloStoppingAndComesBackOnTheOtherSilo()
    {
        var session = fixture.Session(NewKey("moves"));
        var report = await session.RunAsync(
            "class Counter:\n    def __init__(self):\n        self.n = 0\n    def bump(self):\n        self.n += 1\n        return self.n\n"
            + "c = Counter()\nc.bump()\nwith open('/tmp/notes.txt', 'w') as f:\n    f.write('kept')");
        Assert.Equal("completed", report.Status);

        // The session ends up on the primary silo: the one that stays (the cluster's membership lives there).
        var primary = fixture.Cluster.Silos[0].SiloAddress;
        RunReport? after = null;
        SiloAddress? ranOn = null;
        var stopped = await fixture.WithSiloOfStoppedAsync(session, async () =>
        {
            after = await session.RunAsync("(c.bump(), open('/tmp/notes.txt').read(), silo_name())");
            ranOn = fixture.SiloOf(session);
        });

        Assert.NotEqual(primary, stopped);
        Assert.Equal(primary, ranOn);
        Assert.NotNull(after);
        Assert.Equal("completed", after.Status);
        // The object and the file came along; silo_name() is the new silo's function, found by name.
        Assert.Equal($"(2, 'kept', '{primary}')", after.ValueRepr);
    }

    [Fact]
    public async Task TwoKeysAreIndependent()
    {
        var a = fixture.Session(NewKey("a"));
        var b = fixture.Session(NewKey("b"));

        await a.RunAsync("x = 'a'");
        await b.RunAsync("x = 'b'");
        var inA = await a.RunAsync("x");
        var inB = await b.RunAsync("x");
        var fresh = await fixture.Session(NewKey("c")).RunAsync("x");

        Assert.Equal("'a'", inA.ValueRepr);
        Assert.Equal("'b'", inB.ValueRepr);
        Assert.Equal("pythonError", fresh.Status);
        Assert.Equal("NameError", fresh.Error?.Type);
    }

    [Fact]
    public async Task AForkIsAnIndependentCopyThatIsStoredOfItsOwn()
    {
        var originalKey = NewKey("original");
        var forkKey = NewKey("fork");
        var original = fixture.Session(originalKey);
        var fork = fixture.Session(forkKey);
        await original.RunAsync("items = [1]");

        await original.ForkAsync(forkKey);
        await fork.RunAsync("items.append(2)");
        await original.RunAsync("items.append(3)");
        await fixture.DeactivateAsync(fork);

        Assert.Equal("[1, 3]", (await original.RunAsync("items")).ValueRepr);
        Assert.Equal("[1, 2]", (await fork.RunAsync("items")).ValueRepr);
        Assert.Equal(forkKey, (await fork.RunAsync("session_key()")).ValueRepr?.Trim('\''));
    }

    [Fact]
    public async Task ForkingASessionOntoItsOwnKeyIsRefused()
    {
        var key = NewKey("self");
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Session(key).ForkAsync(key));
    }

    [Fact]
    public async Task ARunThatHitsALimitIsRolledBackAndNotStored()
    {
        var key = NewKey("limit");
        var session = fixture.Session(key);
        await session.RunAsync("x = 1");
        var writes = fixture.Stored(key)!.Writes;

        var report = await session.RunAsync($"x = 2\nbig = bytearray({PythonSessionCluster.MemoryLimit * 2})");

        Assert.Equal("memoryLimitExceeded", report.Status);
        Assert.True(report.RolledBack);
        Assert.Equal(writes, fixture.Stored(key)!.Writes);
        await fixture.DeactivateAsync(session);
        Assert.Equal("1", (await session.RunAsync("x")).ValueRepr);
    }

    [Fact]
    public async Task APythonErrorIsAReportAndWhatRanBeforeItIsKept()
    {
        var session = fixture.Session(NewKey("error"));

        var report = await session.RunAsync("y = 5\n1 / 0");
        await fixture.DeactivateAsync(session);
        var after = await session.RunAsync("y");

        Assert.Equal("pythonError", report.Status);
        Assert.False(report.Success);
        Assert.Equal("ZeroDivisionError", report.Error?.Type);
        Assert.Equal(2, report.Error?.Line);
        Assert.Equal("5", after.ValueRepr);
    }

    [Fact]
    public async Task ARunThatNeverStartedIsNotStoredAndAChangingRunIsStoredOnce()
    {
        var key = NewKey("writes");
        var session = fixture.Session(key);
        await session.RunAsync("x = 1");
        var writes = fixture.Stored(key)!.Writes;

        var tooLarge = await session.RunAsync("x = 2\n" + new string('#', PythonSessionCluster.MaxSourceBytes));
        var unchanged = fixture.Stored(key)!.Writes;
        await session.RunAsync("x = 3");

        Assert.Equal("sourceTooLarge", tooLarge.Status);
        Assert.Equal(writes, unchanged);
        Assert.Equal(writes + 1, fixture.Stored(key)!.Writes);
        Assert.Equal("3", (await session.RunAsync("x")).ValueRepr);
    }

    [Fact]
    public async Task ARunThatOnlyReadsTheSessionIsNotStoredAndEveryRunThatChangesItIs()
    {
        var key = NewKey("reads");
        var session = fixture.Session(key);
        await session.RunAsync("x = 1\ndata = [1, 2, 3]\nimport json\ndef f(n):\n    return [n, n * 2]");
        var writes = fixture.Stored(key)!.Writes;

        string[] reads = ["x", "print(x)", "print(len(data))", "f(21)", "import json", "json.dumps(data)", "greet('data')", "data[10]"];
        var readReports = new List<RunReport>();
        var writesAfterReads = new List<string>();
        foreach (var code in reads)
        {
            readReports.Add(await session.RunAsync(code));
            writesAfterReads.Add($"{code}: {fixture.Stored(key)!.Writes}");
        }
        var afterReads = fixture.Stored(key)!.Writes;

        string[] changes = ["y = 2", "data[1] = -1", "open('notes.txt', 'w').write('hi')", "getattr(data, 'a_name_this_session_never_saw', None)", "import math", "print('unseen')", "x = x"];
        var writesAfterEach = new List<int>();
        foreach (var code in changes)
        {
            Assert.Equal("completed", (await session.RunAsync(code)).Status);
            writesAfterEach.Add(fixture.Stored(key)!.Writes);
        }
        await fixture.DeactivateAsync(session);
        var restored = await session.RunAsync("(x, y, data[1], open('notes.txt').read(), 'math' in globals())");

        Assert.Equal(["completed", "completed", "completed", "completed", "completed", "completed", "completed", "pythonError"], readReports.Select(r => r.Status));
        Assert.True(writes == afterReads, $"written after {writes}: {string.Join(", ", writesAfterReads)}");
        // Every change written once (a new short string literal is interned for the interpreter's life: a change);
        // `x = x` rebinds a global to the object it already had: the state is the same, so nothing is written.
        Assert.Equal([writes + 1, writes + 2, writes + 3, writes + 4, writes + 5, writes + 6, writes + 6], writesAfterEach);
        Assert.Equal("(1, 2, -1, 'hi', True)", restored.ValueRepr);
    }

    [Fact]
    public async Task ConcurrentCallsToOneSessionAreSerializedAndEveryOneIsStored()
    {
        var key = NewKey("concurrent");
        var session = fixture.Session(key);
        await session.RunAsync("n = 0\nlog = []");
        var writes = fixture.Stored(key)!.Writes;

        var reports = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => session.RunAsync($"n += 1\nlog.append(({i}, n))")));
        var stored = fixture.Stored(key)!.Writes;
        await fixture.DeactivateAsync(session);
        var after = await session.RunAsync("(n, sorted(c for _, c in log) == list(range(1, 9)))");

        Assert.All(reports, r => Assert.Equal("completed", r.Status));
        // One run after the other, each stored once: no write lost to another, none skipped.
        Assert.Equal(writes + 8, stored);
        Assert.Equal("(8, True)", after.ValueRepr);
    }

    [Fact]
    public async Task HostFunctionsComeFromTheSilosServicesAndReturnAfterARestore()
    {
        var session = fixture.Session(NewKey("functions"));

        var before = await session.RunAsync("f = greet\nf('Ada')");
        await fixture.DeactivateAsync(session);
        var after = await session.RunAsync("f('Grace')");

        Assert.Equal("'Hello, Ada'", before.ValueRepr);
        Assert.Equal("'Hello, Grace'", after.ValueRepr);
    }

    [Fact]
    public async Task ACorruptStoredSnapshotIsAClearErrorAndResetStartsAfresh()
    {
        var key = NewKey("corrupt");
        var session = fixture.Session(key);
        await session.RunAsync("x = 1");
        await fixture.DeactivateAsync(session);
        Damage(key);

        var error = await Assert.ThrowsAsync<PythonSessionStateException>(() => session.RunAsync("x"));
        // The grain and the silo carry on: the same error again, other sessions unaffected.
        await Assert.ThrowsAsync<PythonSessionStateException>(() => session.RunAsync("x"));
        var other = await fixture.Session(NewKey("healthy")).RunAsync("1 + 1");
        await session.ResetAsync();
        var fresh = await session.RunAsync("x");
        var next = await session.RunAsync("x = 3\nx");

        Assert.Equal(SessionSnapshotError.Corrupt, error.Reason);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Equal("2", other.ValueRepr);
        Assert.Equal("NameError", fresh.Error?.Type);
        Assert.Equal("3", next.ValueRepr);
    }

    private void Damage(string key)
    {
        var entry = fixture.Storage.Entries.Single(e => e.Key.EndsWith("/" + fixture.GrainIdOf(key), StringComparison.Ordinal));
        var state = fixture.Serializer.Deserialize<PythonSessionState>(entry.Value.Data);
        var snapshot = state!.Snapshot!;
        snapshot[snapshot.Length / 2] ^= 0x5A;
        fixture.Storage.Entries[entry.Key] = entry.Value with { Data = fixture.Serializer.SerializeToArray(state) };
    }
}
