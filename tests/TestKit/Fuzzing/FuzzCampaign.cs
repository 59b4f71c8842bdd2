using System.Diagnostics;

namespace MicroPython.Sandbox.TestKit;

/// <summary>Something a fuzzed program made the sandbox do that it must not: a fault, an escaped exception, a hang.</summary>
/// <param name="Kind">"fault", "exception", "hang" or "death" (the last recorded by a supervising process).</param>
/// <param name="Program">The program, to replay.</param>
/// <param name="Detail">The status message, exception or time.</param>
internal sealed record FuzzFinding(string Kind, string Program, string Detail);

/// <summary>
/// Runs fuzzed programs (<see cref="ProgramFuzzer"/>) through one-shot runs and long-lived sessions and records what
/// must not happen: a <see cref="RunStatus.Fault"/>, an exception out of the library, or a run that outlives its time
/// limit by seconds. A process death is recorded by whoever supervises the process (the bench tool's fuzz mode).
/// </summary>
internal sealed class FuzzCampaign(SandboxRuntime runtime, int seed, int maxNesting = 60)
{
    /// <summary>How far past its time limit a run may end before it counts as a hang.</summary>
    public static readonly TimeSpan HangMargin = TimeSpan.FromSeconds(5);

    public SandboxOptions Options { get; init; } = new() { Timeout = TimeSpan.FromSeconds(1), MemoryLimit = 32L << 20, MaxOutputBytes = 64 * 1024 };

    /// <summary>Every how many programs one runs in the session instead of a fresh sandbox.</summary>
    public int SessionEvery { get; init; } = 4;

    /// <summary>Session runs before the session is replaced by a new one.</summary>
    public int RunsPerSession { get; init; } = 50;

    /// <summary>Called with each program before it runs (a supervisor's record of the input in flight).</summary>
    public Action<string>? BeforeRun { get; init; }

    public int Runs { get; private set; }

    public Dictionary<RunStatus, int> Statuses { get; } = [];

    /// <summary>Runs <paramref name="count"/> programs, or until <paramref name="until"/>; returns the findings.</summary>
    public List<FuzzFinding> Run(int count, DateTime? until = null)
    {
        var findings = new List<FuzzFinding>();
        var fuzzer = new ProgramFuzzer(seed, maxNesting);
        PythonSession? session = null;
        int sessionRuns = 0;
        try
        {
            for (int i = 0; i < count && (until is null || DateTime.UtcNow < until); i++)
            {
                string program = fuzzer.Next();
                bool inSession = SessionEvery > 0 && i % SessionEvery == 0;
                if (inSession)
                {
                    if (session is null || sessionRuns++ >= RunsPerSession)
                    {
                        session?.Dispose();
                        session = new PythonSession(runtime, Options);
                        session.DefineFunction("echo", (object? value) => value);
                        sessionRuns = 0;
                    }
                    program += "\ntry:\n    echo(x)\nexcept Exception:\n    pass\n";
                }
                BeforeRun?.Invoke(program);
                var current = session;
                var finding = RunOne(program, inSession ? () => current!.Run(program) : () => runtime.Run(program, Options));
                Runs++;
                if (finding is null) continue;
                findings.Add(finding);
                if (finding.Kind == "hang") break; // its thread is still busy: stop rather than pile up
            }
        }
        finally
        {
            session?.Dispose();
        }
        return findings;
    }

    private FuzzFinding? RunOne(string program, Func<RunResult> run)
    {
        var watch = Stopwatch.StartNew();
        var task = Task.Run(run);
        try
        {
            if (!task.Wait(Options.Timeout + HangMargin)) return new("hang", program, $"still running after {watch.Elapsed}");
        }
        catch (AggregateException e)
        {
            return new("exception", program, e.InnerException?.ToString() ?? e.ToString());
        }
        var result = task.Result;
        Statuses[result.Status] = Statuses.GetValueOrDefault(result.Status) + 1;
        return result.Status == RunStatus.Fault ? new("fault", program, result.Message ?? "") : null;
    }
}
