using System.Text.Json;

namespace MicroPython.Sandbox.Tests;

/// <summary>The JSON contract of a run's result, shared by the CLI, agent tools and MCP servers.</summary>
public sealed class RunReportTests
{
    [Fact]
    public void AOneShotErrorReportHasTheContractsFieldsInCamelCaseAndLeavesAbsentOnesOut()
    {
        var result = PythonSandbox.Run("print('hi')\nopen('/tmp/a.txt', 'w').write('abc')\nraise ValueError('it\\'s <bad>')");
        using var json = JsonDocument.Parse(RunReport.From(result).ToJson());
        var root = json.RootElement;
        Assert.Equal("pythonError", root.GetProperty("status").GetString());
        Assert.False(root.GetProperty("success").GetBoolean());
        Assert.Equal("hi\n", root.GetProperty("stdout").GetString());
        var error = root.GetProperty("error");
        Assert.Equal("ValueError", error.GetProperty("type").GetString());
        Assert.Equal("it's <bad>", error.GetProperty("message").GetString());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Contains("Traceback", error.GetProperty("traceback").GetString());
        var file = Assert.Single(root.GetProperty("files").EnumerateArray());
        Assert.Equal(("/tmp/a.txt", 3L), (file.GetProperty("path").GetString(), file.GetProperty("bytes").GetInt64()));
        foreach (var absent in new[] { "message", "exitCode", "fuelConsumed", "valueRepr", "rolledBack" })
            Assert.False(root.TryGetProperty(absent, out _), absent);
        // Readable text for consoles and language models: quotes and angle brackets are not escaped.
        Assert.Contains("it's <bad>", RunReport.From(result).ToJson());
    }

    [Fact]
    public void ASessionReportCarriesTheValueReprAndARollback()
    {
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        var value = RunReport.From(session.Run("x = [1, 'a']\nx"));
        Assert.Equal(("completed", true, "[1, 'a']"), (value.Status, value.Success, value.ValueRepr));
        Assert.Null(value.RolledBack);

        var stopped = RunReport.From(session.Run("while True: pass"));
        Assert.Equal(("timeLimitExceeded", false, true), (stopped.Status, stopped.Success, stopped.RolledBack));
        Assert.NotNull(stopped.Message);
        using var json = JsonDocument.Parse(stopped.ToJson());
        Assert.True(json.RootElement.GetProperty("rolledBack").GetBoolean());
        Assert.False(json.RootElement.TryGetProperty("valueRepr", out _));
    }

    [Fact]
    public void AReportReadsBackThroughItsJsonContext()
    {
        var report = RunReport.From(PythonSandbox.Run("import sys\nprint('out')\nsys.exit(4)", new SandboxOptions { Fuel = 10_000_000 }));
        var stream = new MemoryStream();
        report.WriteTo(stream, new JsonWriterOptions { Indented = true });
        stream.Position = 0;
        var back = JsonSerializer.Deserialize(stream, RunReportJsonContext.Default.RunReport)!;
        Assert.Equal(("completed", 4, "out\n"), (back.Status, back.ExitCode, back.Stdout));
        Assert.True(back.FuelConsumed > 0);
        Assert.Equal(report.FuelConsumed, back.FuelConsumed);
        Assert.Equal(report.WallTimeMs, back.WallTimeMs);
        Assert.Empty(back.Files);
    }
}
