using System.Text;

namespace MicroPython.Sandbox.Tests;

/// <summary>Bad source gets a clear Python error, and the host stays usable.</summary>
public class SourceInputTests
{
    [Fact]
    public void UncaughtExceptionReportsTypeMessageAndLine()
    {
        var result = PythonSandbox.Run("x = 1\n\ndef f(v):\n    return {'a': 1}[v]\n\nf('missing')\n");
        var error = result.ShouldFailWith("KeyError");
        Assert.Equal("missing", error.Message);
        Assert.Equal(4, error.Line);
        Assert.Contains("line 6", error.Traceback);
        Assert.StartsWith("Traceback (most recent call last):", error.Traceback);
    }

    [Fact]
    public void SyntaxErrorIsAPythonError()
    {
        var result = PythonSandbox.Run("x = 1\nif x\n    print(x)");
        var error = result.ShouldFailWith("SyntaxError");
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void InvalidUtf8IsASyntaxError()
    {
        byte[] source = [.. "print('a')\nx = '"u8, 0xFF, 0xFE, .. "'\n"u8];
        var result = PythonSandbox.Run(source);
        var error = result.ShouldFailWith("SyntaxError");
        Assert.Contains("utf-8", error.Message);
        Assert.Equal(2, error.Line);
        Assert.Equal("ok\n", PythonSandbox.Run("print('ok')"u8).Stdout);
    }

    [Fact]
    public void LoneSurrogateInSourceIsASyntaxError()
    {
        var result = PythonSandbox.Run("x = '\ud800'");
        result.ShouldFailWith("SyntaxError");
    }

    [Fact]
    public void NulBytesAreASyntaxError()
    {
        var result = PythonSandbox.Run("print(1)\nx = 'a\0b'\n");
        var error = result.ShouldFailWith("SyntaxError");
        Assert.Contains("null bytes", error.Message);
        Assert.Equal(2, error.Line);
        Assert.Equal("2\n", PythonSandbox.Run("print(2)").Stdout);
    }

    [Fact]
    public void NonAsciiSourceAndOutputRoundTrip()
    {
        var result = PythonSandbox.Run("print('naïve café ✓ 漢字 😀', len('😀'))");
        Assert.Equal("naïve café ✓ 漢字 😀 1\n", result.Stdout);
    }

    [Fact]
    public void SystemExitIsACompletedRunWithAnExitCode()
    {
        var result = PythonSandbox.Run("import sys\nprint('before')\nsys.exit(3)\nprint('after')");
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("before\n", result.Stdout);
        Assert.Null(result.Error);
    }

    [Fact]
    public void LargeButAllowedSourceRuns()
    {
        var source = new StringBuilder();
        for (int i = 0; i < 2000; i++) source.Append(System.Globalization.CultureInfo.InvariantCulture, $"v{i} = {i}\n");
        source.Append("print(v1999 + v0)");
        Assert.Equal("1999\n", PythonSandbox.Run(source.ToString()).Stdout);
    }
}
