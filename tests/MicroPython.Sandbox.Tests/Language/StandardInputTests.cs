using System.Text;

namespace MicroPython.Sandbox.Tests;

/// <summary>input() reads the host's standard input stream line by line, and raises EOFError without one.</summary>
public class StandardInputTests
{
    [Fact]
    public void InputReadsLinesFromTheGivenStream()
    {
        var options = new SandboxOptions { StandardInput = new MemoryStream(Encoding.UTF8.GetBytes("Ada\r\nnaïve\nlast")) };
        var result = PythonSandbox.Run("a = input('name? ')\nb = input()\nc = input()\nprint(a, b, c)\ntry:\n    input()\nexcept EOFError:\n    print('eof')", options);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("name? Ada naïve last\neof\n", result.Stdout);
    }

    [Fact]
    public void WithoutStandardInputInputRaisesEofErrorAtTheCallersLine()
    {
        var result = PythonSandbox.Run("x = 1\nvalue = input()");
        var error = result.ShouldFailWith("EOFError");
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void InvalidUtf8InInputBecomesReplacementCharacters()
    {
        var options = new SandboxOptions { StandardInput = new MemoryStream([0x61, 0xFF, 0x62, 0x0A]) };
        var result = PythonSandbox.Run("s = input()\nprint(len(s), s[0], s[2])", options);
        Assert.Equal("3 a b\n", result.Stdout);
    }

    [Fact]
    public void SysStdinReadsTheSameStream()
    {
        var options = new SandboxOptions { StandardInput = new MemoryStream("first\nsecond\nthe rest\n"u8.ToArray()) };
        var result = PythonSandbox.Run("import sys\nprint(repr(sys.stdin.readline()))\nprint(repr(input()))\nprint(repr(sys.stdin.read()))", options);
        Assert.Equal("'first\\n'\n'second'\n'the rest\\n'\n", result.Stdout);
        Assert.Equal("''\n", PythonSandbox.Run("import sys\nprint(repr(sys.stdin.read()))").Stdout);
    }

    [Fact]
    public void SessionsReadInputToo()
    {
        using var session = new PythonSession(new SandboxOptions { StandardInput = new MemoryStream("1\n2\n"u8.ToArray()) });
        Assert.Equal("1", session.Run("int(input())").ValueRepr);
        Assert.Equal("3", session.Run("1 + int(input())").ValueRepr);
    }
}
