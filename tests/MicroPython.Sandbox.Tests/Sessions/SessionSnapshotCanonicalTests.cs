using System.Buffers.Binary;
using System.IO.Compression;
using static MicroPython.Sandbox.TestKit.SessionRuns;

namespace MicroPython.Sandbox.Tests;

/// <summary>
/// Snapshots of equal session states are equal bytes, whatever runs that only read the state came between, and a run
/// that changes the state changes them: what lets a host store a session only when it changed.
/// </summary>
public class SessionSnapshotCanonicalTests
{
    private const string Setup = """
        x = 1
        data = list(range(1000))
        table = {'a': [1, 2], 'b': 'text'}
        def f(n):
            return [n, n * 2]
        class Point:
            def __init__(self, x, y):
                self.x, self.y = x, y
        p = Point(3, 4)
        import json
        """;

    public static TheoryData<string> ReadOnlyRuns() =>
    [
        "x",
        "print(x)",
        "len(data)",
        "print(len(data))",
        "f(21)",
        "import json",
        "sum(data) + p.x",
        "json.dumps(table)",
        "[str(i) for i in range(5000)][-1]",
        "data[5000]",
        "# a longer source, as a model writes it\n" + string.Concat(Enumerable.Repeat("len(data[:10]) + x + sum(data[:3])\n", 100)) + "x",
    ];

    public static TheoryData<string> ChangingRuns() =>
    [
        "y = 2",
        "data[3] = -1",
        "table['a'].append(3)",
        "p.y = 5",
        "x += 1",
        "del table['b']",
        "open('notes.txt', 'w').write('hi')",
        "getattr(p, 'a_name_never_seen_before', None)",
        "a_name_never_seen_before_either = 1\ndel a_name_never_seen_before_either",
        "import math",
        // MicroPython interns short string literals for the interpreter's life: a new one is a change (written once).
        "len('unseen')",
    ];

    private static byte[] Save(PythonSession session)
    {
        using var stream = new MemoryStream();
        session.Save(stream);
        return stream.ToArray();
    }

    [Theory]
    [MemberData(nameof(ReadOnlyRuns))]
    public void ARunThatOnlyReadsTheStateLeavesASnapshotByteIdenticalToTheOneBefore(string code)
    {
        using var session = new PythonSession();
        Ok(session, Setup);
        var before = Save(session);

        session.Run(code);
        var after = Save(session);

        Assert.True(before.AsSpan().SequenceEqual(after), $"{MemoryBytesDiffering(before, after)} bytes of interpreter memory differ after a run that only read the state");
    }

    [Fact]
    public void SnapshotsOfTheSameStateTakenAfterDifferentReadOnlyRunsAreByteIdentical()
    {
        using var session = new PythonSession();
        Ok(session, Setup);
        var snapshots = new List<byte[]>();
        foreach (var code in ReadOnlyRuns())
        {
            session.Run(code);
            snapshots.Add(Save(session));
        }

        Assert.All(snapshots, s => Assert.True(snapshots[0].AsSpan().SequenceEqual(s), $"{MemoryBytesDiffering(snapshots[0], s)} bytes of interpreter memory differ"));
    }

    [Theory]
    [MemberData(nameof(ChangingRuns))]
    public void ARunThatChangesTheStateChangesTheSnapshot(string code)
    {
        using var session = new PythonSession();
        Ok(session, Setup);
        var before = Save(session);

        Ok(session, code);
        var after = Save(session);

        Assert.False(before.AsSpan().SequenceEqual(after));
    }

    [Fact]
    public void DefiningAHostFunctionChangesTheSnapshot()
    {
        using var session = new PythonSession();
        Ok(session, Setup);
        var before = Save(session);

        session.DefineFunction("twice", (int n) => n * 2);

        Assert.False(before.AsSpan().SequenceEqual(Save(session)));
    }

    [Theory]
    [InlineData("greet('data')")]
    [InlineData("print(greet('table'))")]
    [InlineData("len(greet(table['b']))")]
    public void CallingAHostFunctionLeavesTheSnapshotUnchanged(string code)
    {
        using var session = new PythonSession();
        session.DefineFunction("greet", (string name) => "Hello, " + name);
        Ok(session, Setup);
        var before = Save(session);

        Ok(session, code);
        var after = Save(session);

        Assert.True(before.AsSpan().SequenceEqual(after), $"{MemoryBytesDiffering(before, after)} bytes of interpreter memory differ after a host call");
    }

    [Fact]
    public void ARestoredSessionSavesTheBytesItWasRestoredFromUntilItsStateChanges()
    {
        byte[] saved;
        using (var session = new PythonSession())
        {
            Ok(session, Setup);
            saved = Save(session);
        }
        using var restored = PythonSession.Restore(new MemoryStream(saved));
        var again = Save(restored);
        Assert.Equal("1000\n", Ok(restored, "print(len(data))").Stdout);
        var afterRead = Save(restored);
        Ok(restored, "data.append(0)");
        var afterWrite = Save(restored);

        Assert.True(saved.AsSpan().SequenceEqual(again), $"{MemoryBytesDiffering(saved, again)} bytes differ after a restore");
        Assert.True(saved.AsSpan().SequenceEqual(afterRead), $"{MemoryBytesDiffering(saved, afterRead)} bytes differ after a read");
        Assert.False(saved.AsSpan().SequenceEqual(afterWrite));
        // And the canonical form is still a working session: the state is all there.
        using var last = PythonSession.Restore(new MemoryStream(afterWrite));
        Assert.Equal("(1001, 0, 7, 'text')\n", Ok(last, "print((len(data), data[-1], p.x + p.y, table['b']))").Stdout);
    }

    [Fact]
    public void ASessionWithAMebibyteOfDataSavesTheSameBytesAfterReadingIt()
    {
        using var session = new PythonSession();
        Ok(session, "blob = [str(i) * 10 for i in range(20_000)]\nimport json");
        var before = Save(session);

        Ok(session, "len(json.dumps(blob[:1000]))");
        var after = Save(session);

        Assert.True(before.AsSpan().SequenceEqual(after), $"{MemoryBytesDiffering(before, after)} bytes of interpreter memory differ");
        using var restored = PythonSession.Restore(new MemoryStream(after));
        Assert.Equal(string.Concat(Enumerable.Repeat("19999", 10)), restored.Run("blob[19999]").Value);
    }

    /// <summary>How many bytes of interpreter memory two snapshots differ by, and where (for failure messages).</summary>
    private static string MemoryBytesDiffering(byte[] a, byte[] b)
    {
        var (x, y) = (Memory(a), Memory(b));
        int differ = Math.Abs(x.Length - y.Length);
        var where = new List<string>();
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            if (x[i] == y[i]) continue;
            differ++;
            if (where.Count < 24) where.Add($"{i:x}:{x[i]:x2}>{y[i]:x2}");
        }
        var (g, h) = (Globals(a), Globals(b));
        var globals = Enumerable.Range(0, Math.Min(g.Length, h.Length)).Where(i => g[i] != h[i]).Select(i => $"global {i}: {g[i]}>{h[i]}");
        return $"{differ} ({string.Join(' ', where.Concat(globals))})";
    }

    private static int[] Globals(byte[] snapshot)
    {
        var p = Payload(snapshot);
        return Enumerable.Range(0, BinaryPrimitives.ReadInt32LittleEndian(p)).Select(i => BinaryPrimitives.ReadInt32LittleEndian(p.AsSpan(4 + 4 * i))).ToArray();
    }

    private static byte[] Payload(byte[] snapshot)
    {
        long bodyLength = BinaryPrimitives.ReadInt64LittleEndian(snapshot.AsSpan(52));
        using var brotli = new BrotliStream(new MemoryStream(snapshot, 60, (int)bodyLength), CompressionMode.Decompress);
        using var payload = new MemoryStream();
        brotli.CopyTo(payload);
        return payload.ToArray();
    }

    /// <summary>The interpreter memory a snapshot holds (see Interpreter.WriteState for the layout).</summary>
    private static byte[] Memory(byte[] snapshot)
    {
        var p = Payload(snapshot);
        int at = 4 + 4 * BinaryPrimitives.ReadInt32LittleEndian(p);
        var memory = new byte[BinaryPrimitives.ReadInt64LittleEndian(p.AsSpan(at))];
        at += 8;
        int runs = BinaryPrimitives.ReadInt32LittleEndian(p.AsSpan(at));
        int data = at + 4 + runs * 8;
        for (int i = 0; i < runs; i++)
        {
            int first = BinaryPrimitives.ReadInt32LittleEndian(p.AsSpan(at + 4 + i * 8)), count = BinaryPrimitives.ReadInt32LittleEndian(p.AsSpan(at + 8 + i * 8));
            p.AsSpan(data, count * 4096).CopyTo(memory.AsSpan(first * 4096));
            data += count * 4096;
        }
        return memory;
    }
}
