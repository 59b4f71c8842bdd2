namespace MicroPython.Sandbox.Tests;

/// <summary>
/// Two hardening cases: big-int decimal conversion (quadratic in MicroPython) fails fast past CPython's 4300-digit
/// limit, and C recursion that runs out of the native stack is a RecursionError with the session rolled back,
/// not an interpreter fault.
/// </summary>
public class IntDigitsAndNativeStackTests
{
    private static readonly SandboxOptions Options = new() { Timeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public void StrOfAHundredThousandDigitIntRaisesValueErrorAtOnce()
    {
        // Before the limit this conversion ran for about 17 s; the run's own wall time leaves out engine loading.
        var result = PythonSandbox.Run("x = 10**100000\ns = str(x)", Options);
        Assert.Equal(RunStatus.PythonError, result.Status);
        Assert.Equal("ValueError", result.Error!.Type);
        Assert.Equal("Exceeds the limit (4300 digits) for integer string conversion", result.Error.Message);
        Assert.True(result.WallTime < TimeSpan.FromSeconds(3), $"took {result.WallTime}");
    }

    [Fact]
    public void EveryDecimalPathOfAnIntPastTheLimitRaisesAndTheCodeCanCatchIt()
    {
        const string code = """
            x = -10**5000
            for f in (str, repr, lambda v: f'{v}', lambda v: '%d' % v, lambda v: '{:,}'.format(v), print):
                try:
                    f(x)
                    print('converted')
                except ValueError as e:
                    print(str(e)[:19])
            """;
        var result = PythonSandbox.Run(code, Options);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(string.Concat(Enumerable.Repeat("Exceeds the limit (\n", 6)), result.Stdout);
    }

    [Fact]
    public void IntsUpToTheLimitConvertExactlyAndOnePastItRaises()
    {
        // 10**4300 - 1 has 4300 digits; 10**4300 has 4301 and both share the band the guard checks by counting.
        const string code = """
            big = 10**4300 - 1
            s = str(big)
            print(len(s), s == '9' * 4300, int(s) == big)
            x = 7**5000 // 10**(4226 - 4000)
            t = str(x)
            print(len(t), t[:8], t[-8:] == str(x % 10**8).rjust(8, '0'))
            print(len(str(-big)), len(f'{big:,}'))
            try:
                str(10**4300)
            except ValueError:
                print('4301 digits refused')
            """;
        var result = PythonSandbox.Run(code, Options);
        Assert.Equal(RunStatus.Completed, result.Status);
        var lines = result.Stdout.Split('\n');
        Assert.Equal("4300 True True", lines[0]);
        Assert.StartsWith("4000 ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(" True", lines[1], StringComparison.Ordinal);
        Assert.Equal("4301 5733", lines[2]);
        Assert.Equal("4301 digits refused", lines[3]);
    }

    [Fact]
    public void HexOctAndBinOfAnIntPastTheDecimalLimitStillConvert()
    {
        var result = PythonSandbox.Run("x = 10**6000\nh = hex(x)\nprint(len(h), int(h, 16) == x, len(oct(x)), len(bin(x)), len(f'{x:x}'))", Options);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("4985 True 6646 19934 4983\n", result.Stdout);
    }

    public static TheoryData<string, string> DeepNativeRecursion => new()
    {
        { "== on lists nested 100,000 deep", "a = []\nb = []\nfor i in range(100000):\n    a = [a]\n    b = [b]\nprint(a == b)" },
        { "hash of a tuple nested 100,000 deep", "t = ()\nfor i in range(100000):\n    t = (t,)\nprint(hash(t))" },
    };

    [Theory]
    [MemberData(nameof(DeepNativeRecursion))]
    public void CRecursionPastTheNativeStackIsARecursionErrorNotAFault(string name, string code)
    {
        var result = PythonSandbox.Run(code, Options);
        Assert.True(result.Status == RunStatus.PythonError, $"{name}: {result.Status} {result.Message}");
        Assert.Equal("RecursionError", result.Error!.Type);
        Assert.Contains("native", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("native stack ran out", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASessionSurvivesNativeStackExhaustionRolledBackToItsStateBefore()
    {
        using var session = new PythonSession(Options);
        session.Run("kept = 41").ShouldComplete();
        var result = session.Run("kept = 0\nt = ()\nfor i in range(100000):\n    t = (t,)\nhash(t)");
        Assert.Equal(RunStatus.PythonError, result.Status);
        Assert.Equal("RecursionError", result.Error!.Type);
        Assert.True(result.RolledBack);
        var after = session.Run("kept += 1\nprint(kept, 't' in globals())");
        Assert.Equal(RunStatus.Completed, after.Status);
        Assert.Equal("42 False\n", after.Stdout);
    }

    [Fact]
    public void PythonRecursionStillRaisesACatchableErrorFromTheInterpretersOwnCheck()
    {
        var result = PythonSandbox.Run("def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RuntimeError as e:\n    print('caught', e)", Options);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("caught maximum recursion depth exceeded\n", result.Stdout);
    }
}
