using System.Runtime.CompilerServices;

namespace MicroPython.Sandbox.Tests.Compat;

/// <summary>The compatibility layer itself: where the library lives, what start-up adds, and the hints on core errors.</summary>
public sealed class CompatLibraryTests
{
    private static RunResult RunOk(string code, SandboxOptions? options = null)
    {
        var result = PythonSandbox.Run(code, options);
        Assert.True(result.Status == RunStatus.Completed, $"{result.Status}: {result.Message} {result.Error?.Traceback} {result.Stdout}");
        return result;
    }

    [Fact]
    public void LibraryIsServedReadOnlyAndStaysOutOfTheRootListing()
    {
        const string code = """
            import os, sys
            print(os.listdir('/'), sys.path[1])
            print('typing.py' in os.listdir('/usr/lib/python'), 'dataclasses.py' in os.listdir('/usr/lib/python'))
            for attempt in (lambda: open('/usr/lib/python/typing.py', 'w'), lambda: os.remove('/usr/lib/python/re.py'),
                            lambda: os.mkdir('/usr/lib/python/x'), lambda: os.rename('/usr/lib/python/re.py', '/tmp/re.py')):
                try:
                    attempt()
                    print('allowed')
                except OSError as e:
                    print(e.errno)
            """;
        Assert.Equal("['tmp'] /usr/lib/python\nTrue True\n30\n30\n30\n30\n", RunOk(code).Stdout);
    }

    [Fact]
    public void AProgramThatImportsNothingHasNoLibraryModuleLoaded()
    {
        var stdout = RunOk("import sys\nprint(sorted(sys.modules))").Stdout;
        // Start-up leaves only the math stand-in and the error mapping in sys.modules; nothing else is loaded.
        Assert.Equal("['_mpsandbox', 'math']\n", stdout);
    }

    [Fact]
    public void ImportingALibraryModuleLoadsItFromTheLibraryDirectory()
    {
        var stdout = RunOk("import typing, dataclasses\nprint(typing.__file__, dataclasses.__file__)").Stdout;
        Assert.Equal("/usr/lib/python/typing.py /usr/lib/python/dataclasses.py\n", stdout);
    }

    [Fact]
    public void MissingFilesRaiseFileNotFoundErrorThatIsStillAnOSError()
    {
        const string code = """
            import errno
            try:
                open('/tmp/missing.txt')
            except FileNotFoundError as e:
                print(type(e).__name__, isinstance(e, OSError), e.errno == errno.ENOENT, e.filename, e)
            import os
            try:
                os.mkdir('/tmp')
            except FileExistsError as e:
                print(type(e).__name__, e.errno == errno.EEXIST)
            """;
        Assert.Equal("FileNotFoundError True True /tmp/missing.txt [Errno 2] No such file or directory: '/tmp/missing.txt'\nFileExistsError True\n", RunOk(code).Stdout);
    }

    [Fact]
    public void MathGainsCPythonsFunctionsWhileKeepingItsOwn()
    {
        var stdout = RunOk("import math\nfrom math import comb\nprint(math.sqrt(16.0), comb(5, 2), math.lcm(4, 6), math.prod([2, 3, 4]), math.isqrt(17))").Stdout;
        Assert.Equal("4.0 10 12 24 4\n", stdout);
    }

    [Fact]
    public void DataclassFieldsComeFromTheProgramSource()
    {
        const string code = """
            from dataclasses import dataclass, field, fields
            @dataclass(order=True)
            class Item:
                name: str
                qty: int = 1
                tags: list = field(default_factory=list, compare=False)
            a, b = Item('a'), Item('b', 3, ['x'])
            print(a, [f.name for f in fields(Item)], a < b)
            """;
        Assert.Equal("Item(name='a', qty=1, tags=[]) ['name', 'qty', 'tags'] True\n", RunOk(code).Stdout);
    }

    [Fact]
    public void ADataclassDefinedInASessionCellSeesEveryFieldInLaterCells()
    {
        using var session = new PythonSession();
        var defined = session.Run("x = 1\nfrom dataclasses import dataclass\n@dataclass\nclass Point:\n    x: int\n    y: int\n    label: str = 'p'");
        Assert.Equal(RunStatus.Completed, defined.Status);
        Assert.Equal("Point(x=1, y=2, label='p')", session.Run("Point(1, 2)").ValueRepr);
    }

    [Fact]
    public void EnumMembersAreInstancesWithNamesValuesAndLookup()
    {
        const string code = """
            from enum import Enum, auto
            class Color(Enum):
                RED = auto()
                GREEN = auto()
            print(Color.RED, Color(2).name, Color['RED'].value, [c.name for c in Color], len(Color))
            """;
        Assert.Equal("Color.RED GREEN 1 ['RED', 'GREEN'] 2\n", RunOk(code).Stdout);
    }

    [Fact]
    public void ACoreFailureKeepsItsMessageAndEndsWithAHint()
    {
        var result = PythonSandbox.Run("s = 'abc'\nexec('print(s[::-1])')");
        Assert.Equal(RunStatus.PythonError, result.Status);
        Assert.Equal("NotImplementedError", result.Error!.Type);
        Assert.Equal("only slices with step=1 (aka None) are supported", result.Error.Message);
        Assert.Equal(2, result.Error.Line);
        var lines = result.Error.Traceback.TrimEnd('\n').Split('\n');
        Assert.StartsWith("NotImplementedError: only slices with step=1", lines[^2]);
        Assert.StartsWith("Hint: ", lines[^1]);
        Assert.Contains("''.join(reversed(s))", lines[^1]);
        Assert.Contains("exec()", lines[^1]);
    }

    [Fact]
    public void AnErrorWithoutAHintKeepsItsTraceback()
    {
        var result = PythonSandbox.Run("raise ValueError('plain')");
        Assert.Equal(RunStatus.PythonError, result.Status);
        Assert.Equal("Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nValueError: plain\n", result.Error!.Traceback);
    }

    [Fact]
    public void AMissingStrMethodGetsAHintSayingWhatWorksInstead()
    {
        var result = PythonSandbox.Run("exec(\"print('x'.swapcase())\")");
        Assert.EndsWith("AttributeError: 'str' object has no attribute 'swapcase'\nHint: str.swapcase is missing here; use ''.join(c.lower() if c.isupper() else c.upper() for c in s).\n", result.Error!.Traceback);
    }

    [Fact]
    public void AModuleOfTheProgramsOwnShadowsTheLibrary()
    {
        var options = new SandboxOptions();
        options.Files.Add("/work/typing.py", "OWN = True\n");
        var stdout = RunOk("import os\nos.chdir('/work')\nimport typing\nprint(typing.OWN)", options).Stdout;
        Assert.Equal("True\n", stdout);
    }

    [Fact]
    public void ASessionErrorKeepsItsMessageAndGetsTheHint()
    {
        using var session = new PythonSession();
        var result = session.Run("exec(\"'abc'.title()\")");
        Assert.Equal(RunStatus.PythonError, result.Status);
        Assert.Equal("'str' object has no attribute 'title'", result.Error!.Message);
        Assert.Contains("\nHint: str.title is missing here", result.Error.Traceback);
    }

    [Theory]
    [InlineData("def f(c):\n    match c:\n        case 1:\n            return 'one'\n", "SyntaxError", "no match statement; write it with if/elif")]
    [InlineData("exec('print({1}.union({2}, {3}))')", "TypeError", "set.union/intersection/difference/update take one set")]
    [InlineData("exec(\"print('x'.center(5, '*'))\")", "TypeError", "str.center/ljust/rjust take no fill character")]
    [InlineData("class E(Exception):\n    pass\ntry:\n    raise E('x')\nexcept E as e:\n    print(e.__cause__)", "AttributeError", "do not record a cause")]
    [InlineData("print(int('101', base=2))", "TypeError", "takes no keyword arguments here")]
    [InlineData("s = 'ab'\nexec('print(s.ljust(5))')", "AttributeError", "str.ljust is missing here")]
    [InlineData("exec('print([*[1], 2])')", "SyntaxError", "starred items in displays work here only in the program's own code")]
    [InlineData("exec('print(str.maketrans(\"a\", \"b\"))')", "AttributeError", "str.maketrans is missing here")]
    public void EachKnownCoreFailureEndsWithItsHint(string code, string type, string hint)
    {
        var result = PythonSandbox.Run(code);
        Assert.Equal(RunStatus.PythonError, result.Status);
        Assert.Equal(type, result.Error!.Type);
        var lines = result.Error.Traceback.TrimEnd('\n').Split('\n');
        Assert.StartsWith(type + ": ", lines[^2]);
        Assert.StartsWith("Hint: ", lines[^1]);
        Assert.Contains(hint, lines[^1]);
    }

    private static string LibraryDirectory([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "library");

    [Fact]
    public void EveryModuleAndNameTheCompatibilityIssueListsWorksAsOnCPython()
    {
        // library/deliver_list.py imports each name the issue's Deliver list names and uses it; the .out file is what CPython 3.11 printed.
        string source = File.ReadAllText(Path.Combine(LibraryDirectory(), "deliver_list.py"));
        string expected = File.ReadAllText(Path.Combine(LibraryDirectory(), "deliver_list.out")).ReplaceLineEndings("\n");
        Assert.Equal(expected, RunOk(source).Stdout);
    }
}
