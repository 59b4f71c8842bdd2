using Xunit.Abstractions;

namespace MicroPython.Sandbox.Tests;

/// <summary>
/// A short run of the fuzzer (bench tool: <c>fuzz</c> for hours): random and mutated programs through fresh
/// sandboxes and a session must never fault, throw out of the library or hang.
/// </summary>
public class FuzzSmokeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FuzzedProgramsNeverFaultThrowOrHang(int seed)
    {
        var campaign = new FuzzCampaign(SandboxRuntime.Shared, seed);
        var findings = campaign.Run(count: 150);
        output.WriteLine($"{campaign.Runs} runs: {string.Join(", ", campaign.Statuses.Select(s => $"{s.Key} {s.Value}"))}");
        foreach (var f in findings) output.WriteLine($"--- {f.Kind}: {f.Detail}\n{f.Program}");
        Assert.True(findings.Count == 0, $"{findings.Count} findings; first: {findings.FirstOrDefault()}");
        Assert.Equal(150, campaign.Runs);
        // The programs must reach the interpreter, not only its parser.
        Assert.True(campaign.Statuses.GetValueOrDefault(RunStatus.Completed) > 30);
    }
}
