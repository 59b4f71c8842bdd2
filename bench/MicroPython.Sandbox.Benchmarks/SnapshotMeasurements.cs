// Session snapshot figures (issue: durable sessions): snapshot size and save/restore time for an idle session and for
// sessions holding about 1 MiB and 50 MiB of Python data, against pickling the same data with CPython (python3,
// measured in the same run), and the cost of Fork() per MiB of touched memory. Medians; nothing is asserted.
// Run with `dotnet run -c Release -- snapshot`.
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;

namespace MicroPython.Sandbox.Benchmarks;

internal static class SnapshotMeasurements
{
    // The same code builds the data in MicroPython and in CPython: records with an id, a name, about 270 characters of
    // text drawn from a 1,000-word vocabulary by a fixed generator (so it compresses like text, not like a repeated
    // pattern) and a short list of ints.
    private const string Builder = """
        words = ['w%03d%s' % (i, 'abcdefghij'[i % 10] * (i % 7 + 1)) for i in range(1000)]
        x = 12345
        def build(start, n):
            global x
            data = []
            for i in range(start, start + n):
                parts = []
                for _ in range(30):
                    x = (x * 1103515245 + 12345) & 0x7fffffff
                    parts.append(words[x % 1000])
                data.append({'id': i, 'name': 'item%d' % i, 'text': ' '.join(parts), 'values': [i, i * 2, i * 3]})
            return data
        """;

    /// <summary>Records added per run: a session builds its data over several runs, as a notebook or an agent would, and garbage is collected between runs.</summary>
    private const int RecordsPerRun = 5000;

    public static void Run(bool small = false)
    {
        var options = new SandboxOptions { MemoryLimit = 1L << 30, Timeout = TimeSpan.FromMinutes(1) };
        double perRecord = PicklePerRecord();
        Console.WriteLine($"Data: records of id, name, ~270 chars of text, 3 ints; CPython pickle (highest protocol) {perRecord:F1} bytes/record");
        Console.WriteLine("case      | records | session memory | touched | snapshot | save ms | restore ms | fork ms | fork ms/MiB touched | pickle bytes | pickle.dumps ms | pickle.loads ms");
        Measure("idle", 0, options, repeats: 21);
        Measure("1 MiB", (int)(1048576 / perRecord), options, repeats: 11);
        if (!small) Measure("50 MiB", (int)(50 * 1048576 / perRecord), options, repeats: 5);
    }

    /// <summary>
    /// The share of a save spent making memory canonical (collecting, clearing what runs left; see
    /// Interpreter.Canonicalize), measured in the same process as the save itself, after a run that only reads: the
    /// case a host that skips unchanged saves pays on every run. Reached by reflection: it is not public API.
    /// </summary>
    public static void Canonical()
    {
        var options = new SandboxOptions { MemoryLimit = 1L << 30, Timeout = TimeSpan.FromMinutes(1) };
        double perRecord = PicklePerRecord();
        Console.WriteLine("case      | save ms | canonicalize ms | share");
        foreach (var (name, records) in new[] { ("idle", 0), ("1 MiB", (int)(1048576 / perRecord)) })
        {
            using var session = BenchRuntime.Runtime.CreateSession(options);
            Check(session.Run(Builder + "\ndata = []\n"));
            for (int start = 0; start < records; start += RecordsPerRun)
                Check(session.Run($"data.extend(build({start}, {Math.Min(RecordsPerRun, records - start)}))"));
            var runtime = typeof(PythonSession).GetField("_session", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(session)!;
            var interpreter = (Runtime.Interpreter)runtime.GetType().GetField("_interpreter", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(runtime)!;
            var bridge = interpreter.Bridge!;
            var save = new List<double>();
            var canonical = new List<double>();
            for (int i = 0; i < 21; i++)
            {
                Check(session.Run("len(data)"));
                long t = Stopwatch.GetTimestamp();
                interpreter.Canonicalize(bridge.Kept![(int)Bridge.PreludeEntry.Collect], options);
                canonical.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                Check(session.Run("len(data)"));
                t = Stopwatch.GetTimestamp();
                session.Save(Stream.Null);
                save.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            double s = Median(save), c = Median(canonical);
            Console.WriteLine($"{name,-9} | {s,7:F2} | {c,15:F2} | {c / s,5:P0}");
        }
    }

    private static void Measure(string name, int records, SandboxOptions options, int repeats)
    {
        using var session = BenchRuntime.Runtime.CreateSession(options);
        Check(session.Run(Builder + "\ndata = []\n"));
        for (int start = 0; start < records; start += RecordsPerRun)
            Check(session.Run($"data.extend(build({start}, {Math.Min(RecordsPerRun, records - start)}))"));

        byte[] snapshot = [];
        var save = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var stream = new MemoryStream();
            long t = Stopwatch.GetTimestamp();
            session.Save(stream);
            save.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            snapshot = stream.ToArray();
        }
        var restore = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            long t = Stopwatch.GetTimestamp();
            var restored = PythonSession.Restore(BenchRuntime.Runtime, new MemoryStream(snapshot), options);
            restore.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            if (i == 0 && records > 0 && !Equals(restored.Run("len(data)").Value, (long)records)) throw new InvalidOperationException("The restored session lost its data.");
            restored.Dispose();
        }
        var fork = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            long t = Stopwatch.GetTimestamp();
            var forked = session.Fork();
            fork.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            forked.Dispose();
        }
        // The payload's declared (uncompressed) length: the non-zero memory chunks a save wrote, plus small metadata.
        double touched = BinaryPrimitives.ReadInt64LittleEndian(snapshot.AsSpan(44)) / 1048576.0;
        var (pickleBytes, dumps, loads) = records > 0 ? Pickle(records) : (0, 0, 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-9} | {records,7} | {session.MemoryBytes / 1048576.0,10:F1} MiB | {touched,5:F1} MiB | {snapshot.Length / 1024.0,8:F0} KiB | {Median(save),7:F2} | {Median(restore),10:F2} | {Median(fork),7:F2} | {Median(fork) / touched,19:F2} | {pickleBytes / 1024.0,8:F0} KiB | {dumps,15:F2} | {loads,15:F2}"));
    }

    private static void Check(RunResult result)
    {
        if (!result.IsSuccess) throw new InvalidOperationException($"{result.Status} {result.Message} {result.Error}");
    }

    private static double PicklePerRecord()
    {
        string output = Python(Builder + "\nimport pickle\nprint(len(pickle.dumps(build(0, 2000), protocol=pickle.HIGHEST_PROTOCOL)) / 2000)\n");
        return double.Parse(output, CultureInfo.InvariantCulture);
    }

    /// <summary>CPython's pickle of the same records: size, and the median time of dumps and of loads.</summary>
    private static (long Bytes, double Dumps, double Loads) Pickle(int records)
    {
        string script = Builder + $$"""

            import pickle, time, statistics
            data = build(0, {{records}})
            dumps, loads = [], []
            for _ in range(5):
                t = time.perf_counter(); b = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL); dumps.append(time.perf_counter() - t)
                t = time.perf_counter(); pickle.loads(b); loads.append(time.perf_counter() - t)
            print(len(b), statistics.median(dumps) * 1000, statistics.median(loads) * 1000)
            """;
        var parts = Python(script).Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private static string Python(string script)
    {
        var info = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-");
        using var process = Process.Start(info)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("python3 failed");
        return output;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
