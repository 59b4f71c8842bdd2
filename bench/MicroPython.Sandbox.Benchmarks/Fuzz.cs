using System.Diagnostics;
using System.Text.Json;
using MicroPython.Sandbox.TestKit;

namespace MicroPython.Sandbox.Benchmarks;

/// <summary>
/// The fuzz target, run for as long as wanted: <c>fuzz MINUTES [FIRST-SEED] [DIR]</c> supervises worker processes
/// (<c>fuzz-worker SEED MINUTES DIR</c>), each running fuzzed programs through fresh sandboxes and sessions. A worker
/// writes each program to DIR/current.py before running it and its findings (fault, exception, hang) to
/// DIR/findings.jsonl; a worker that dies is recorded as a death with the program it was running, and a new worker
/// starts with the next seed. Each line of findings.jsonl is {kind, seed, detail, program}.
/// </summary>
internal static class Fuzz
{
    public static int Supervise(double minutes, int firstSeed, string directory)
    {
        Directory.CreateDirectory(directory);
        var until = DateTime.UtcNow.AddMinutes(minutes);
        string self = Environment.ProcessPath!;
        string dll = typeof(Fuzz).Assembly.Location;
        int seed = firstSeed, deaths = 0;
        while (DateTime.UtcNow < until)
        {
            double left = Math.Max(0.1, (until - DateTime.UtcNow).TotalMinutes);
            var start = new ProcessStartInfo(self) { UseShellExecute = false };
            // Run as "dotnet x.dll" or as the apphost, whichever this process is.
            if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(dll);
            foreach (var a in new[] { "fuzz-worker", seed.ToString(), left.ToString(System.Globalization.CultureInfo.InvariantCulture), directory }) start.ArgumentList.Add(a);
            using var worker = Process.Start(start)!;
            worker.WaitForExit();
            if (worker.ExitCode != 0)
            {
                deaths++;
                string current = Path.Combine(directory, "current.py");
                Record(directory, new FuzzFinding("death", File.Exists(current) ? File.ReadAllText(current) : "", $"worker exit code {worker.ExitCode}"), seed);
            }
            seed++;
        }
        Console.WriteLine($"fuzz: done, {deaths} deaths; findings in {Path.Combine(directory, "findings.jsonl")}");
        return 0;
    }

    public static int Work(int seed, double minutes, string directory)
    {
        var until = DateTime.UtcNow.AddMinutes(minutes);
        string current = Path.Combine(directory, "current.py");
        using var runtime = new SandboxRuntime();
        var total = Stopwatch.StartNew();
        int runs = 0, found = 0;
        for (int round = 0; DateTime.UtcNow < until; round++)
        {
            var campaign = new FuzzCampaign(runtime, seed * 100_000 + round) { BeforeRun = p => File.WriteAllText(current, p) };
            var findings = campaign.Run(1000, until);
            runs += campaign.Runs;
            foreach (var f in findings)
            {
                Record(directory, f, seed);
                found++;
            }
            Console.WriteLine($"fuzz worker {seed}: {runs} runs, {found} findings, {runs / total.Elapsed.TotalSeconds:F0} runs/s; "
                + string.Join(", ", campaign.Statuses.Select(s => $"{s.Key} {s.Value}")));
            if (findings.Any(f => f.Kind == "hang")) return 3; // a stuck thread stays: start afresh
        }
        return 0;
    }

    private static void Record(string directory, FuzzFinding finding, int seed)
    {
        var line = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["kind"] = finding.Kind,
            ["seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["detail"] = finding.Detail,
            ["program"] = finding.Program,
        });
        File.AppendAllText(Path.Combine(directory, "findings.jsonl"), line + "\n");
        Console.WriteLine($"FINDING {finding.Kind}: {finding.Detail.Split('\n')[0]}");
    }
}
