using MicroPython.Sandbox.Cli;

namespace MicroPython.Sandbox.UnitTests;

/// <summary>The CLI's own parsing: where the program's arguments start, human quantities, and when a typed statement is whole.</summary>
public sealed class CliArgumentTests
{
    [Theory]
    [InlineData("script.py a b", "script.py", "a b")]
    [InlineData("--json script.py --json -c x", "--json script.py", "--json -c x")]
    [InlineData("--timeout 5s --mount a:/b s.py", "--timeout 5s --mount a:/b s.py", "")]
    [InlineData("--memory=64MB -c code x", "--memory=64MB -c code", "x")]
    [InlineData("-c code -c other", "-c code", "-c other")]
    [InlineData("- a", "-", "a")]
    [InlineData("-- -odd-name.py a", "-- -odd-name.py", "a")]
    [InlineData("--json", "--json", "")]
    [InlineData("-h", "-h", "")]
    [InlineData("--mount:a:/b x.py", "--mount:a:/b x.py", "")]
    [InlineData("--command=code --json", "--command=code", "--json")]
    public void TheCommandsOptionsEndWhereTheProgramStarts(string line, string own, string program)
    {
        var cli = new CliOptions();
        var split = cli.Split(cli.CreateRootCommand(), line.Split(' '));
        Assert.Equal(own, string.Join(' ', split.Own));
        Assert.Equal(program, string.Join(' ', split.Program));
        Assert.Null(split.UnknownOption);
    }

    [Theory]
    [InlineData("--bogus x.py", "--bogus")]
    [InlineData("--json -x", "-x")]
    [InlineData("--memory 8MB --verbose x.py a", "--verbose")]
    public void AnUnknownOptionBeforeTheProgramIsReported(string line, string unknown)
    {
        var cli = new CliOptions();
        Assert.Equal(unknown, cli.Split(cli.CreateRootCommand(), line.Split(' ')).UnknownOption);
    }

    [Theory]
    [InlineData(2L * 1024 * 1024 * 1024, "2 GiB")]
    [InlineData(2L * 1024 * 1024, "2 MiB")]
    [InlineData(1536L * 1024, "1.5 MiB")]
    [InlineData(1024L, "1 KiB")]
    [InlineData(900L, "900 bytes")]
    [InlineData(long.MaxValue, "none")]
    public void SizesAreShownInBinaryUnits(long bytes, string text) => Assert.Equal(text, Quantities.FormatSize(bytes));

    [Theory]
    [InlineData("60s")]
    [InlineData("250ms")]
    [InlineData("90s")]
    [InlineData("5m")]
    [InlineData("3h")]
    [InlineData("none")]
    public void DurationsRoundTripInTheUnitsTheyAreTyped(string text)
    {
        Assert.True(Quantities.TryParseDuration(text, out var duration));
        Assert.Equal(text, Quantities.FormatDuration(duration));
    }

    [Theory]
    [InlineData(false, "x = 1")]
    [InlineData(true, "def f():")]
    [InlineData(true, "def f():", "    return 1")]
    [InlineData(false, "def f():", "    return 1", "")]
    [InlineData(true, "@decorator")]
    [InlineData(true, "x = [1,")]
    [InlineData(false, "x = [1,", " 2]")]
    [InlineData(true, "s = '''start")]
    [InlineData(false, "s = '''start", "end'''")]
    [InlineData(false, "d = {'a': 1}  # comment:")]
    [InlineData(false, "s = 'colon:'")]
    [InlineData(true, "x = 1 + \\")]
    [InlineData(true, "if x:  # comment")]
    [InlineData(false, "class A:", "    def f(self):", "        return '('", "")]
    [InlineData(true, "class A:", "    def f(self):", "        return '('")]
    [InlineData(false, "")]
    public void AStatementContinuesAsInPythonsPrompt(bool more, params string[] lines) => Assert.Equal(more, Continuation.NeedsMore(lines));
}
