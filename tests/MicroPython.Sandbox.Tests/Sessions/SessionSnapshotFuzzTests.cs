using System.Buffers.Binary;
using System.IO.Compression;
using MicroPython.Sandbox.Persistence;
using Xunit.Abstractions;

namespace MicroPython.Sandbox.Tests;

/// <summary>
/// The restore path on damaged and hostile bytes: truncations, bit flips, and changes inside the payload sealed again
/// with a valid checksum (what an attacker who knows the format can send). Each case must end in a
/// <see cref="SessionSnapshotException"/> or a session whose runs are results; anything else fails the test.
/// 300 cases run by default; set MPSANDBOX_SNAPSHOT_FUZZ_CASES (e.g. 10000) to run more, and
/// MPSANDBOX_SNAPSHOT_FUZZ_SEED to replay a campaign.
/// </summary>
public class SessionSnapshotFuzzTests(ITestOutputHelper output)
{
    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("MPSANDBOX_SNAPSHOT_FUZZ_CASES"), out int n) && n > 0 ? n : 300;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("MPSANDBOX_SNAPSHOT_FUZZ_SEED"), out int s) ? s : 20261129;

    [Fact]
    [Trait("Category", "Fuzz")]
    public void DamagedOrHostileSnapshotsGiveASnapshotExceptionOrAContainedSession()
    {
        byte[] snapshot;
        using (var session = new PythonSession())
        {
            session.DefineFunction("add", (long a, long b) => a + b);
            session.Run("import json\nitems = [str(i) for i in range(2000)]\nopen('/tmp/a.txt', 'w').write('x' * 5000)\nf = open('/tmp/a.txt')").ShouldComplete();
            var stream = new MemoryStream();
            session.Save(stream);
            snapshot = stream.ToArray();
        }
        byte[] payload = Decompress(snapshot);
        var options = new SandboxOptions { MemoryLimit = 64L << 20, Fuel = 20_000_000, Timeout = TimeSpan.FromSeconds(2) };
        var random = new Random(Seed);
        int refused = 0, restored = 0, completed = 0, missing = 0;
        for (int i = 0; i < Cases; i++)
        {
            int kind = random.Next(10);
            byte[] bytes = kind switch
            {
                < 3 => snapshot.AsSpan(0, random.Next(snapshot.Length)).ToArray(),
                < 6 => Flip(snapshot, random, 1 + random.Next(8)),
                _ => Reseal(snapshot, Mutate(payload, random)),
            };
            try
            {
                using var session = PythonSession.Restore(new MemoryStream(bytes), options);
                restored++;
                // Whatever the memory holds now, a run is a result, never a host failure.
                var r = session.Run("print(len(items))");
                Assert.True(Enum.IsDefined(r.Status), $"case {i}: {r.Status}");
                if (r.Status == RunStatus.Completed) completed++;
                // The host did not define add() again: calling it (or whatever forged memory made of the name) is a result.
                var call = session.Run("add(1, 2)");
                Assert.True(Enum.IsDefined(call.Status), $"case {i}: {call.Status}");
                if (call.Status == RunStatus.PythonError) missing++;
            }
            catch (SessionSnapshotException)
            {
                refused++;
            }
        }
        output.WriteLine($"{Cases} cases (seed {Seed}): {refused} refused, {restored} restored, {completed} of which ran to completion, {missing} raised for the missing host function");
        Assert.Equal(Cases, refused + restored);
        // Both paths were exercised: refusals, and hostile payloads that passed every check and ran as guest memory.
        Assert.True(refused > 0);
        Assert.True(restored > 0);
    }

    private static byte[] Flip(byte[] source, Random random, int bits)
    {
        var copy = (byte[])source.Clone();
        for (int b = 0; b < bits; b++) copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }

    /// <summary>A payload with a few bytes changed: often in the first kilobytes (globals, memory size, runs), sometimes anywhere, sometimes cut short or overwritten with a large number.</summary>
    private static byte[] Mutate(byte[] payload, Random random)
    {
        var copy = (byte[])payload.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (int n = 1 + random.Next(4); n > 0; n--) copy[random.Next(Math.Min(copy.Length, 4096))] = (byte)random.Next(256);
                return copy;
            case 1:
                for (int n = 1 + random.Next(16); n > 0; n--) copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
            case 2:
                return copy.AsSpan(0, random.Next(copy.Length)).ToArray();
            default:
                int at = random.Next(copy.Length - 4);
                BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(at), random.Next(2) == 0 ? int.MaxValue : -random.Next(1 << 20));
                return copy;
        }
    }

    private static byte[] Decompress(byte[] snapshot)
    {
        long bodyLength = BinaryPrimitives.ReadInt64LittleEndian(snapshot.AsSpan(52));
        using var brotli = new BrotliStream(new MemoryStream(snapshot, SessionSnapshot.HeaderSize, (int)bodyLength), CompressionMode.Decompress);
        var output = new MemoryStream();
        brotli.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>A snapshot around <paramref name="payload"/> with a valid header and checksum, as a forger would make it.</summary>
    private static byte[] Reseal(byte[] original, byte[] payload)
    {
        var body = new MemoryStream();
        using (var brotli = new BrotliStream(body, CompressionLevel.Fastest, leaveOpen: true)) brotli.Write(payload);
        var output = new MemoryStream();
        SessionSnapshot.Write(output, original.AsSpan(12, 32).ToArray(), payload.Length, body.ToArray());
        return output.ToArray();
    }
}
