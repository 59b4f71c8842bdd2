using System.Text.Json;

namespace MicroPython.Sandbox.Cli.Tests;

/// <summary>The CLI's --mount, --file and the written files in --json, through the real executable.</summary>
public class CliFileSystemTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("mpsandbox-cli-").FullName;

    public void Dispose()
    {
        Directory.Delete(_temp, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The build of the command under test.</summary>
    protected virtual CliProcess Command => CliProcess.Managed;

    private (int Exit, string Stdout, string Stderr) Cli(params string[] args) => Command.Run(null, args);

    [Fact]
    public void MountsFilesAndReportsWrittenFilesInJson()
    {
        string input = Path.Combine(_temp, "in");
        Directory.CreateDirectory(input);
        File.WriteAllText(Path.Combine(input, "n.txt"), "21");
        string csv = Path.Combine(_temp, "rows.csv");
        File.WriteAllText(csv, "a\nb\n");
        const string code = "n = int(open('/input/n.txt').read())\nrows = open('/data/rows.csv').read().split()\nopen('/tmp/out.txt', 'w').write(str(n * 2) + ','.join(rows))\nprint('ok')";
        var (exit, stdout, stderr) = Cli("--mount", $"{input}:/input", "--file", $"/data/rows.csv={csv}", "--json", "-c", code);
        Assert.True(exit == 0, stderr + stdout);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("ok\n", json.RootElement.GetProperty("stdout").GetString());
        var file = Assert.Single(json.RootElement.GetProperty("files").EnumerateArray());
        Assert.Equal("/tmp/out.txt", file.GetProperty("path").GetString());
        Assert.Equal(5, file.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public void ReadOnlyByDefaultAndWritableWithRw()
    {
        const string code = "open('/w/x.txt', 'w').write('hi')";
        var (exit, _, stderr) = Cli("--mount", $"{_temp}:/w", "-c", code);
        Assert.NotEqual(0, exit);
        Assert.Contains("OSError: 30", stderr);
        Assert.False(File.Exists(Path.Combine(_temp, "x.txt")));

        (exit, _, stderr) = Cli("--mount", $"{_temp}:/w:rw", "-c", code);
        Assert.True(exit == 0, stderr);
        Assert.Equal("hi", File.ReadAllText(Path.Combine(_temp, "x.txt")));
    }

    [Fact]
    public void BadMountIsAUsageError()
    {
        var (exit, _, stderr) = Cli("--mount", $"{Path.Combine(_temp, "missing")}:/in", "-c", "pass");
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", stderr);
        (exit, _, stderr) = Cli("--file", $"/x={Path.Combine(_temp, "missing.txt")}", "-c", "pass");
        Assert.Equal(2, exit);
        File.WriteAllText(Path.Combine(_temp, "f.txt"), "x");
        (exit, _, stderr) = Cli("--mount", $"{_temp}:/in", "--file", $"/in/f.txt={Path.Combine(_temp, "f.txt")}", "-c", "pass");
        Assert.Equal(2, exit);
        Assert.Contains("/in/f.txt", stderr);
    }
}

/// <summary>The same checks against the native executable that <c>dotnet publish</c> makes.</summary>
[Trait("Category", "NativeAot")]
public sealed class NativeCliFileSystemTests : CliFileSystemTests
{
    protected override CliProcess Command => CliProcess.Native;
}
