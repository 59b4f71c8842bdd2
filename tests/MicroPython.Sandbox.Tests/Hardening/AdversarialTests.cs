using System.Diagnostics;
using static MicroPython.Sandbox.TestKit.SessionRuns;

namespace MicroPython.Sandbox.Tests;

/// <summary>
/// The adversarial cases of the hardening campaign, each with the outcome a user should see: ordinary Python that
/// overflowed the interpreter's sizes, work that grew quadratically, and wrong results. Work that must stay linear
/// runs under a fuel budget (instructions, the same on any machine) a few times what it needs and far under what
/// the quadratic version took (json.dumps(list(range(10**5))): 1.6e9 now, 2.4e10 before; a 1 MB string: 1.2e9
/// now, 1.1e11 before), so a regression fails as FuelExhausted, not as a flaky timing.
/// </summary>
public class AdversarialTests
{
    public static TheoryData<string, string, RunStatus, string?> Cases => new()
    {
        { "list times 2**30", "x = [0] * 2**30", RunStatus.MemoryLimitExceeded, null },
        { "bytearray of range 2**30", "bytearray(range(2**30))", RunStatus.MemoryLimitExceeded, null },
        { "struct count past 32 bits", "import struct\nstruct.pack('2000000000s', b'')", RunStatus.MemoryLimitExceeded, null },
        { "struct calcsize past 32 bits", "import struct\nstruct.calcsize('1073741824i')", RunStatus.MemoryLimitExceeded, null },
        { "200 nested parentheses compile", "x = " + new string('(', 200) + "1" + new string(')', 200) + "\nassert x == 1", RunStatus.Completed, null },
        { "201 nested parentheses", "x = " + new string('(', 201) + "1" + new string(')', 201), RunStatus.PythonError, "SyntaxError" },
        { "20000 nested parentheses", new string('(', 20000) + "1" + new string(')', 20000), RunStatus.PythonError, "SyntaxError" },
        { "40000 nested brackets", new string('[', 40000) + new string(']', 40000), RunStatus.PythonError, "SyntaxError" },
        { "brackets in strings and comments do not count", "s = '" + new string('(', 500) + "' # " + new string('[', 500) + "\nassert len(s) == 500", RunStatus.Completed, null },
    };

    /// <summary>Cases that must take linear work, each run with <see cref="LinearFuel"/>.</summary>
    public static TheoryData<string, string> LinearCases => new()
    {
        { "json.dumps of 10**5 ints", "import json\ns = json.dumps(list(range(10**5)))\nassert len(s) == 688890 and s[:8] == '[0, 1, 2' and s[-6:] == '99999]'" },
        { "json.dumps of a 1 MB string", "import json\ns = json.dumps('a\"' * 500_000)\nassert len(s) == 1_500_002 and s[:5] == '\"a\\\\\"a'" },
        { "json.dumps keeps nested structure", "import json\nv = {'a': [list(range(40)), {'b': 'x' * 3000}], 'c': (1, 2)}\nassert json.loads(json.dumps(v)) == {'a': [list(range(40)), {'b': 'x' * 3000}], 'c': [1, 2]}" },
    };

    private const long LinearFuel = 5_000_000_000;

    public static TheoryData<string, string, RunStatus, string?> MoreCases => new()
    {
        { "regex empty group repeated", "import re\nassert re.match('()+', 'a') is not None", RunStatus.Completed, null },
        { "regex nested stars", "import re\nassert re.match('(a*)*b', 'a' * 30) is None", RunStatus.Completed, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    [MemberData(nameof(MoreCases))]
    public void EachCaseEndsInItsStatedOutcome(string name, string code, RunStatus expected, string? errorType)
    {
        var result = PythonSandbox.Run(code, new SandboxOptions { Timeout = TimeSpan.FromSeconds(20) });
        Assert.True(result.Status == expected, $"{name}: {result.Status} {result.Message} {result.Error} {result.Stderr}");
        if (errorType is not null) Assert.Equal(errorType, result.Error?.Type);
    }

    [Theory]
    [MemberData(nameof(LinearCases))]
    public void WorkThatMustBeLinearFitsAFuelBudgetTheQuadraticVersionWouldExhaust(string name, string code)
    {
        var result = PythonSandbox.Run(code, new SandboxOptions { Timeout = TimeSpan.FromSeconds(60), Fuel = LinearFuel });
        Assert.True(result.Status == RunStatus.Completed, $"{name}: {result.Status} {result.Message} {result.Error} fuel {result.FuelConsumed}");
    }

    [Fact]
    public void AsyncioSleepFarInTheFutureSleepsUntilTheTimeLimitInsteadOfEndingAtOnce()
    {
        var watch = Stopwatch.StartNew();
        var result = PythonSandbox.Run("import asyncio\nasync def main():\n    await asyncio.sleep(10**6)\n    print('woke')\nasyncio.run(main())",
            new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(700) });
        watch.Stop();
        Assert.Equal(RunStatus.TimeLimitExceeded, result.Status);
        Assert.DoesNotContain("OverflowError", result.Stderr, StringComparison.Ordinal);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(650), $"ended after {watch.Elapsed}");
    }

    [Fact]
    public void TicksAddAndSleepMsPastHalfTheTicksPeriodRaiseOverflowErrorAsInMicroPython()
    {
        // Only asyncio.sleep (seconds, CPython's API) waits for such a delay; MicroPython's own ms APIs keep their error.
        const string code = """
            import time, asyncio
            half = time.ticks_add(0, -1) // 2
            print(time.ticks_diff(time.ticks_add(5, half), 5) == half)
            for delta in (half + 1, -half - 1, 10**9):
                try:
                    time.ticks_add(5, delta)
                except OverflowError:
                    print('OverflowError')
            async def nap():
                await asyncio.sleep(0.01)
                return 'nap'
            async def main():
                try:
                    await asyncio.sleep_ms(half + 1)
                except OverflowError:
                    print('sleep_ms OverflowError')
                print(await asyncio.wait_for(nap(), 1), await asyncio.gather(nap()))
            asyncio.run(main())
            """;
        var result = PythonSandbox.Run(code, new SandboxOptions { Timeout = TimeSpan.FromSeconds(10) });
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("True\nOverflowError\nOverflowError\nOverflowError\nsleep_ms OverflowError\nnap ['nap']\n", result.Stdout);
    }

    [Fact]
    public void TooDeepNestingIsASyntaxErrorOnItsLineLikeCPython()
    {
        var result = PythonSandbox.Run("a = 1\nb = " + new string('(', 300) + "1" + new string(')', 300));
        result.ShouldFailWith("SyntaxError");
        Assert.Equal("too many nested parentheses", result.Error!.Message);
        Assert.Equal(2, result.Error.Line);
    }

    [Fact]
    public void ASizeOverflowSaysWhatHappenedAndTheSandboxStaysUsable()
    {
        var result = PythonSandbox.Run("x = [0] * 2**30");
        Assert.Equal(RunStatus.MemoryLimitExceeded, result.Status);
        Assert.Contains("too large", result.Message, StringComparison.Ordinal);
        Assert.Equal("ok\n", PythonSandbox.Run("print('ok')").Stdout);
    }

    [Fact]
    public void StructStillPacksAndUnpacksOrdinaryFormats()
    {
        var result = PythonSandbox.Run("import struct\nb = struct.pack('<2sHi', b'ab', 7, -3)\nprint(len(b), struct.unpack('<2sHi', b), struct.calcsize('<10s'))");
        result.ShouldComplete();
        Assert.Equal("8 (b'ab', 7, -3) 10\n", result.Stdout);
    }

    [Fact]
    public void ABridgePayloadNearTheCapIsEncodedQuicklyAndOneOverItIsAValueError()
    {
        using var session = new PythonSession(new SandboxOptions { Timeout = TimeSpan.FromSeconds(4) });
        session.DefineFunction("size", (string s) => s.Length);
        Assert.Equal(1_000_000L, Ok(session, "size('q' * 1_000_000)").Value);
        var over = session.Run("size('q' * 1_100_000)");
        over.ShouldFailWith("ValueError");
        Assert.Equal(100_000L, Ok(session, "size(repr(list(range(18_000)))[:100_000])").Value);
    }
}
