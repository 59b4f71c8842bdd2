using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Xunit.Abstractions;

namespace MicroPython.Sandbox.Tests.Compat;

/// <summary>
/// Typical model-written programs (Compat/corpus/*.py) run in the sandbox and are compared with what CPython 3.11
/// printed for them (the .out files, written by generate_expected.py). The programs that still differ, for reasons in
/// MicroPython's C core, are listed in known-failures.txt: exactly those must fail.
/// </summary>
public sealed class CompatCorpusTests(ITestOutputHelper output)
{
    private static string CompatDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static string CorpusDirectory => Path.Combine(CompatDirectory(), "corpus");

    private static string[] Programs() =>
        Directory.GetFiles(CorpusDirectory, "*.py").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private static Dictionary<string, string> KnownFailures() =>
        File.ReadLines(Path.Combine(CompatDirectory(), "known-failures.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(": ", 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "", StringComparer.Ordinal);

    [Fact]
    public void CorpusHasAtLeast150ProgramsEachWithCPythonsOutput()
    {
        var programs = Programs();
        Assert.True(programs.Length >= 150, $"The corpus has {programs.Length} programs.");
        Assert.All(programs, p => Assert.True(File.Exists(Path.Combine(CorpusDirectory, Path.ChangeExtension(p, ".out"))), $"{p} has no .out file."));
        Assert.All(KnownFailures().Keys, name => Assert.Contains(name, programs));
    }

    [Fact]
    public void ExactlyTheKnownFailuresDifferFromCPython()
    {
        var programs = Programs();
        var failures = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var options = new SandboxOptions { Timeout = TimeSpan.FromSeconds(60) };
        Parallel.ForEach(programs, new ParallelOptions { MaxDegreeOfParallelism = 2 }, name =>
        {
            string source = File.ReadAllText(Path.Combine(CorpusDirectory, name));
            string expected = File.ReadAllText(Path.Combine(CorpusDirectory, Path.ChangeExtension(name, ".out"))).ReplaceLineEndings("\n");
            var result = PythonSandbox.Run(source, options);
            if (result.Status != RunStatus.Completed || result.Stdout != expected)
                failures[name] = $"{result.Status}: {result.Error?.Traceback ?? result.Message}\n--- got\n{result.Stdout}\n--- expected\n{expected}";
        });

        var known = KnownFailures();
        int passed = programs.Length - failures.Count;
        output.WriteLine($"{passed} of {programs.Length} programs print what CPython prints ({100.0 * passed / programs.Length:F1}%).");
        var unexpected = failures.Keys.Except(known.Keys).Order(StringComparer.Ordinal).ToList();
        var fixedNow = known.Keys.Except(failures.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.True(unexpected.Count == 0 && fixedNow.Count == 0,
            (unexpected.Count > 0 ? "New failures:\n" + string.Join("\n", unexpected.Select(n => $"== {n}\n{failures[n]}")) + "\n" : "") +
            (fixedNow.Count > 0 ? "These now pass; remove them from known-failures.txt: " + string.Join(", ", fixedNow) : ""));
    }
}
