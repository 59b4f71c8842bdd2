using System.Diagnostics;
using System.Text.Json;
using MicroPython.Sandbox;

/// <summary>Where the in-process time of one endpoint request goes: session start and end, input, run. One thread, medians.</summary>
internal static class Parts
{
    public static async Task RunAsync()
    {
        string[] regions = ["North", "South", "East", "West"];
        var rows = Enumerable.Range(0, 50).Select(i => new Dictionary<string, object> { ["region"] = regions[i % 4], ["quantity"] = 1 + i % 5, ["price"] = 2.5 + i }).ToArray();
        var input = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(rows)).RootElement;
        const string Code = "def transform(rows):\n    totals = {}\n    for r in rows:\n        key = r['region']\n        totals[key] = totals.get(key, 0) + r['quantity'] * r['price']\n    return [{'region': k, 'revenue': round(v, 2)} for k, v in sorted(totals.items())]\ntransform(__mpsandbox_input__)\n";
        var options = new SandboxOptions { Timeout = TimeSpan.FromSeconds(2) };
        const int N = 400;
        var start = new double[N];
        var set = new double[N];
        var run = new double[N];
        var end = new double[N];
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < N; i++)
            {
                long t = Stopwatch.GetTimestamp();
                var session = new PythonSession(SandboxRuntime.Shared, options);
                start[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                t = Stopwatch.GetTimestamp();
                session.Globals["__mpsandbox_input__"] = input;
                set[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                t = Stopwatch.GetTimestamp();
                var result = await session.RunAsync(Code);
                run[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                if (result.Status != RunStatus.Completed) throw new InvalidOperationException(result.Status.ToString());
                t = Stopwatch.GetTimestamp();
                await session.DisposeAsync();
                end[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
        }
        var oneShot = new SandboxOptions { Timeout = TimeSpan.FromSeconds(2) };
        oneShot.Files.Add("/input.json", JsonSerializer.SerializeToUtf8Bytes(rows));
        string native = Code.Replace("transform(__mpsandbox_input__)\n", "", StringComparison.Ordinal)
            + "import _builtin\n_j = _builtin.load('json')\nwith open('/tmp/result.json', 'w') as _f:\n    _f.write(_j.dumps(transform(_j.loads(open('/input.json').read()))))\n";
        var once = new double[N];
        for (int round = 0; round < 2; round++)
            for (int i = 0; i < N; i++)
            {
                long t = Stopwatch.GetTimestamp();
                var result = SandboxRuntime.Shared.Run(native, oneShot);
                once[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                if (result.Status != RunStatus.Completed || result.Files.Count != 1) throw new InvalidOperationException(result.Status + " " + result.Error);
            }
        Console.WriteLine($"median of {N}: one-shot run with MicroPython's own json over a file {Median(once):F3} ms");
        Console.WriteLine($"median of {N}: new PythonSession {Median(start):F3} ms, set input {Median(set):F3} ms, run {Median(run):F3} ms, dispose {Median(end):F3} ms");
    }

    private static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);
}
