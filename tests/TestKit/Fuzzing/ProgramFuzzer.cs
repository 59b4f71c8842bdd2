using System.Globalization;
using System.Text;

namespace MicroPython.Sandbox.TestKit;

/// <summary>
/// Makes random and mutated Python programs for fuzzing the sandbox: programs built from fragments of ordinary and
/// adversarial Python with "interesting" sizes (0, -1, powers of two around 2**30 and 2**31, big decimal powers),
/// and seed programs mutated byte by byte. Deterministic for a seed, so a finding replays. Never uses
/// <c>uctypes</c>, which corrupts the interpreter by design.
/// </summary>
internal sealed class ProgramFuzzer(int seed, int maxNesting = 60)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "2", "7", "255", "256", "1000", "2**15", "2**16", "2**29", "2**30", "2**30 - 1", "2**31", "2**31 - 1",
        "2**32", "2**63", "2**64", "10**6", "10**9", "10**18", "10**40", "-2**31", "1.5", "1e308", "-0.0", "float('inf')",
        "float('nan')", "True", "None",
    ];

    private static readonly string[] Values =
    [
        "'abc'", "''", "b'xyz'", "bytearray(b'ab')", "[1, 2, 3]", "()", "(1,)", "{}", "{'k': 1}", "{1, 2}", "range(10)",
        "'é' * 3", "'\\x00'", "[[]]", "object()", "1j" , "memoryview(b'abcd')", "iter([1])", "len", "int", "str",
    ];

    /// <summary>Fragments with holes: {N} a number, {V} a value, {I} an identifier, {E} a nested expression.</summary>
    private static readonly string[] Templates =
    [
        "x = [{V}] * ({N})", "x = {V} * ({N})", "x = bytearray({N})", "x = bytes({N})", "x = bytearray(range({N}))",
        "x = list(range({N}))[:{N}]", "x = '{{}}'.format({V})", "x = str({N})", "x = repr({V})", "x = hash({V})",
        "x = {V} == {V}", "x = {V} < {V}", "x = {V} + {V}", "x = {V}[{N}]", "x = {V}[{N}:{N}]", "x = {V}[::{N}]",
        "x = int('{N}'.replace('*', ''))", "x = ({N}) << ({N})", "x = ({N}) >> ({N})", "x = ({N}) ** 3", "x = divmod({N}, {N})",
        "x = round({N}, {N})", "x = '%d' % ({N})", "x = '%s' % ({V},)", "x = sorted([{N}, {N}, {N}])", "x = min({V})",
        "x = max({V})", "x = sum(range({N}))", "x = abs({N})", "x = chr({N})", "x = ord({V})", "x = {V}.count({V})",
        "x = dict.fromkeys(range(100), {V})", "x = set(range({N}))", "x = tuple({V})", "x = list(reversed({V}))",
        "x = 'a'.join([{V}, {V}])", "x = 'ab'.split({V})", "x = 'abc'.center({N})", "x = 'abc'.zfill({N})",
        "x = {V}.hex()", "x = bytes.fromhex({V})", "x = int.from_bytes(b'\\xff' * 8, 'little')", "x = ({N}).to_bytes(8, 'little')",
        "import struct\nx = struct.pack('{N}s', b'')".Replace("{N}", "%N%"), "import struct\nx = struct.calcsize('i' * 10)",
        "import json\nx = json.dumps({V})", "import json\nx = json.loads('[1, {{\"a\": 2}}]')", "import re\nx = re.match({V}, 'aaa')",
        "import re\nx = re.sub('a+', 'b', 'aaa' * 10)", "import math\nx = math.factorial(50)", "import math\nx = math.sqrt({N})",
        "import collections\nx = collections.OrderedDict(a=1)", "import io\nx = io.StringIO(); x.write('{{}}' * 10)",
        "import asyncio\nasync def f():\n    await asyncio.sleep(0)\nasyncio.create_task(f())", "import time\nx = time.ticks_add(0, {N})",
        "def {I}(n):\n    return n if n < 1 else {I}(n - 1)\nx = {I}(30)", "class {I}:\n    def __repr__(self):\n        return {V}\nx = repr({I}())",
        "try:\n    x = {E}\nexcept Exception as e:\n    x = str(e)", "x = [i * i for i in range(100)]", "x = {{i: i for i in range(50)}}",
        "x = (lambda a, *b, **c: (a, b, c))({V}, {V}, k={V})", "x = eval('{N}')", "x = exec('y = {N}')",
        "x = compile('1 + 1', 'f', 'eval')", "x = print({V}, end='')", "x = getattr({V}, '__class__')",
        "x = isinstance({V}, (int, str))", "x = {E}", "for i in range(20):\n    x = {E}", "while False:\n    pass",
        "x = bytearray(b'abc'); x[{N}:{N}] = b'zz'", "x = [1, 2, 3]; x[{N}:{N}] = [0] * 3", "x = 'abc' * 100; x = x.replace('a', 'bb')",
        "raise ValueError({V})", "assert {V}", "x = memoryview(bytearray(16))[{N}:{N}]", "x = int({V})", "x = float({V})",
    ];

    private static readonly string[] Seeds =
    [
        "x = [0] * 2**30", "bytearray(range(2**30))", "import struct\nstruct.pack('2000000000s', b'')", "raise Exception('x' * 100000)",
        "import json\njson.dumps(list(range(10**4)))", "print(str(10**3000)[:5])", "import re\nre.match('(a*)*b', 'a' * 20)",
        "a = []\nfor i in range(50):\n    a = [a]\nprint(a == a)", "t = ()\nfor i in range(50):\n    t = (t,)\nprint(hash(t))",
        "s = 'x = ' + '(' * 100 + '1' + ')' * 100\nexec(s)", "import asyncio\nasync def m():\n    await asyncio.sleep(0.01)\nasyncio.run(m())",
        "d = {}\nfor i in range(1000):\n    d[str(i)] = i\nprint(len(d))", "print(sorted(set('mississippi')))",
        "def f(*a, **k):\n    return a, k\nprint(f(1, 2, x=3))", "import collections\nprint(collections.Counter('aab').most_common(1))",
    ];

    /// <summary>The next program: a composition of fragments, or a mutated seed.</summary>
    public string Next() => _random.Next(4) == 0 ? Mutate(Seeds[_random.Next(Seeds.Length)]) : Compose();

    private string Compose()
    {
        var program = new StringBuilder();
        int lines = 1 + _random.Next(6);
        for (int i = 0; i < lines; i++)
        {
            string line = Fill(Templates[_random.Next(Templates.Length)], 0);
            // Half the fragments run guarded, so one failing line does not hide the others.
            if (_random.Next(2) == 0) line = "try:\n" + Indent(line) + "\nexcept Exception:\n    pass";
            program.Append(line).Append('\n');
        }
        return program.ToString();
    }

    private static string Indent(string code) => "    " + code.Replace("\n", "\n    ", StringComparison.Ordinal);

    private string Fill(string template, int depth)
    {
        var text = new StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            if (template[i] == '%' && template.AsSpan(i).StartsWith("%N%"))
            {
                text.Append(_random.Next(3) switch { 0 => "2000000000", 1 => "1073741824", _ => _random.Next(100).ToString(CultureInfo.InvariantCulture) });
                i += 2;
            }
            else if (template[i] == '{' && i + 2 < template.Length && template[i + 2] == '}' && char.IsAsciiLetterUpper(template[i + 1]))
            {
                text.Append(template[i + 1] switch
                {
                    'N' => Numbers[_random.Next(Numbers.Length)],
                    'V' => Values[_random.Next(Values.Length)],
                    'I' => "f" + _random.Next(5).ToString(CultureInfo.InvariantCulture),
                    _ => Expression(depth + 1),
                });
                i += 2;
            }
            else if (template[i] == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                text.Append('{');
                i++;
            }
            else if (template[i] == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                text.Append('}');
                i++;
            }
            else
            {
                text.Append(template[i]);
            }
        }
        return text.ToString();
    }

    private string Expression(int depth)
    {
        if (depth > 3 || _random.Next(3) == 0)
        {
            return _random.Next(6) switch
            {
                // Deep but within what the interpreter's compiler handles: nesting depth is its own fuzz dimension.
                0 => new string('(', _random.Next(maxNesting)) is var open ? open + Numbers[_random.Next(Numbers.Length)] + new string(')', open.Length) : "",
                1 => new string('[', _random.Next(maxNesting)) is var list ? list + new string(']', list.Length) : "",
                2 => Values[_random.Next(Values.Length)],
                _ => Numbers[_random.Next(Numbers.Length)],
            };
        }
        string[] operators = ["+", "-", "*", "//", "%", "**", "&", "|", "^", "<<", ">>", "==", "<", "in", "and", "or", "is"];
        return "(" + Expression(depth + 1) + " " + operators[_random.Next(operators.Length)] + " " + Expression(depth + 1) + ")";
    }

    private string Mutate(string seedProgram)
    {
        var bytes = new List<char>(seedProgram);
        int edits = 1 + _random.Next(4);
        const string alphabet = "()[]{}:,.'\"\\#*+-0123456789 \n\tabcxyz=_";
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = _random.Next(bytes.Count);
            switch (_random.Next(5))
            {
                case 0: bytes.RemoveAt(at); break;
                case 1: bytes.Insert(at, alphabet[_random.Next(alphabet.Length)]); break;
                case 2: bytes[at] = alphabet[_random.Next(alphabet.Length)]; break;
                case 3:
                    int length = Math.Min(bytes.Count - at, 1 + _random.Next(12));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                default:
                    bytes.InsertRange(at, Numbers[_random.Next(Numbers.Length)]);
                    break;
            }
        }
        string mutated = new(bytes.ToArray());
        return mutated.Contains("uctypes", StringComparison.Ordinal) ? seedProgram : mutated;
    }
}
