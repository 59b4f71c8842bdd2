namespace MicroPython.Sandbox.Tests;

/// <summary>Python semantics through a fresh sandbox: the values printed must be what Python computes.</summary>
public class LanguageTests
{
    private static string Run(string code)
    {
        var result = PythonSandbox.Run(code);
        Assert.True(result.Status == RunStatus.Completed, $"{result.Status}: {result.Message} {result.Error}");
        return result.Stdout;
    }

    [Fact]
    public void PrintsArithmetic() => Assert.Equal("2\n", Run("print(1+1)"));

    [Fact]
    public void BigIntegers()
    {
        Assert.Equal("1267650600228229401496703205376\n", Run("print(2**100)"));
        Assert.Equal("3628800 93326215443944152681699238856266700490715968264381621468592963895217599993229915608941463976156518286253697920827223758251185210916864000000000000000000000000\n",
            Run("import math\ndef f(n):\n  r = 1\n  for i in range(2, n + 1): r *= i\n  return r\nprint(f(10), f(100))"));
        Assert.Equal("-8 2 True\n", Run("print(-(2**70) // (2**67 + 1), (2**70) % 7, 10**30 > 2**99)"));
    }

    [Fact]
    public void StringsAndBytes()
    {
        Assert.Equal("HELLO wörld 5 b'h\\xc3\\xa9' ['a', 'b', 'c']\n", Run("s = 'héllo'\nprint('hello'.upper(), 'wörld', len(s), s[:2].encode(), 'a,b,c'.split(','))"));
        Assert.Equal("b'abc' 3 616263 bytearray(b'xbc')\n", Run("b = b'abc'\nba = bytearray(b)\nba[0] = ord('x')\nprint(b, len(b), b.hex(), ba)"));
    }

    [Fact]
    public void ClassesAndInheritance()
    {
        const string code = """
            class Animal:
                def __init__(self, name): self.name = name
                def speak(self): return self.name + ' makes a sound'
            class Dog(Animal):
                def speak(self): return super().speak() + ': woof'
            d = Dog('Rex')
            print(d.speak(), isinstance(d, Animal), type(d).__name__)
            """;
        Assert.Equal("Rex makes a sound: woof True Dog\n", Run(code));
    }

    [Fact]
    public void Generators()
    {
        const string code = """
            def fib():
                a, b = 0, 1
                while True:
                    yield a
                    a, b = b, a + b
            g = fib()
            print([next(g) for _ in range(10)], sum(x * x for x in range(5)))
            """;
        Assert.Equal("[0, 1, 1, 2, 3, 5, 8, 13, 21, 34] 30\n", Run(code));
    }

    [Fact]
    public void ExceptionsRaisedInCalleeAndCaughtInLoop()
    {
        // Each raise unwinds C frames with longjmp through the shim's invoke trampolines.
        const string code = """
            def check(i):
                if i % 3 == 0: raise ValueError(i)
                return i
            caught = 0
            total = 0
            for i in range(3000):
                try:
                    total += check(i)
                except ValueError as e:
                    caught += 1
            d = {}
            try:
                d['missing']
            except KeyError as e:
                print('KeyError', e)
            print(caught, total)
            """;
        Assert.Equal("KeyError missing\n1000 3000000\n", Run(code));
    }
}
