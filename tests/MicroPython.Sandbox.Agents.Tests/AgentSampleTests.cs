using System.Diagnostics;
using System.Text;

namespace MicroPython.Sandbox.Agents.Tests;

/// <summary>samples/AgentSample, built with this project, started as a user would start it without a model key.</summary>
public sealed class AgentSampleTests
{
    [Fact]
    public void TheSampleAgentWithoutAModelKeySaysHowToGiveOneAndSendsNothing()
    {
        string sample = Path.Combine(AppContext.BaseDirectory, "AgentSample.dll");
        Assert.True(File.Exists(sample), $"The sample was not built next to the tests: {sample}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(sample);
        // Whatever the machine has, the sample sees no key.
        foreach (string name in new[] { "OPENAI_API_KEY", "OpenAI__ApiKey", "OPENAI_BASE_URL", "OpenAI__BaseUrl" }) start.Environment.Remove(name);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The sample did not exit without a key.");
        }

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("no API key was given", stderr.Result, StringComparison.Ordinal);
        Assert.Contains("OPENAI_API_KEY", stderr.Result, StringComparison.Ordinal);
        Assert.Equal("", stdout.Result);
    }
}
