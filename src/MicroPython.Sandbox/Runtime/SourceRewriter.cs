using System.Text;

namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// Prepares source for MicroPython where CPython syntax it lacks has an exact equivalent it runs. Two forms that
/// models write all the time are rewritten, everything else is copied unchanged (newlines and comments included, so
/// line numbers stay as written), and code with neither form (the usual case) is returned as the same string:
/// <list type="bullet">
/// <item>Displays with unpacking: <c>{**defaults, **overrides}</c>, <c>[*head, x]</c>, <c>(*a, *b)</c>, <c>{*s, x}</c>,
/// which MicroPython's compiler rejects (never an assignment or <c>for</c> target, where it supports a star). Each
/// becomes a chain of calls on a builder start-up defines in <c>builtins</c> (<see cref="BuilderName"/>):
/// <c>[*a, b]</c> becomes <c>(B(0).x(a).a(b).end())</c>, which evaluates and unpacks the items in CPython's order and
/// ends in a plain list, tuple, set or dict.</item>
/// <item>Slices with a step read from a value (<c>s[::-1]</c>, <c>s[a:b:c]</c>), which MicroPython supports on lists
/// but not on str and bytes: <c>p[a:b:c]</c> becomes <c>S(p, a, b, c)</c> (<see cref="SliceName"/>), which slices
/// str, bytes and bytearray itself and hands every other object <c>p[a:b:c]</c> as before. Stores and deletions
/// through a slice are left alone.</item>
/// </list>
/// Both helpers are defined once at start-up (<see cref="StandardInput"/>), so a run that needs neither pays nothing.
/// f-strings are copied as they are: a starred display or stepped slice inside one still fails.
/// </summary>
internal static class SourceRewriter
{
    /// <summary>The builtins name of the builder class the rewritten displays call.</summary>
    public const string BuilderName = "__mpsandbox_display__";

    /// <summary>The builtins name of the function rewritten stepped slices call.</summary>
    public const string SliceName = "__mpsandbox_slice__";

    private enum Kind { Name, Number, String, Op, Open, Close, End }

    private readonly record struct Token(Kind Kind, int Start, int End, int Depth);

    private sealed record Element(string Op, int LeadStart, int ContentStart, int KeyEnd, int ValueStart, int ContentEnd);

    /// <summary>A part of the source to replace, from <paramref name="Start"/> to <paramref name="End"/> (exclusive).</summary>
    private abstract record Change(int Start, int End);

    private sealed record Display(int Start, int End, int Kind, List<Element> Elements) : Change(Start, End);

    /// <summary>A stepped slice <c>primary[start:stop:step]</c>: the source ranges of its four parts (empty when omitted).</summary>
    private sealed record Slice(int Start, int End, (int Start, int End)[] Parts) : Change(Start, End);

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    };

    /// <summary>Returns <paramref name="code"/> rewritten, or the same string when it has nothing to rewrite.</summary>
    public static string Rewrite(string code)
    {
        // Cheap test first: a display to rewrite has a '*' right after an opening bracket or a comma, a stepped slice two ':'.
        if (!MayHaveStarredDisplay(code) && code.IndexOf("::", StringComparison.Ordinal) < 0 && !MayHaveStep(code)) return code;
        var tokens = Tokenize(code);
        if (tokens is null) return code;
        var rewrites = FindRewrites(code, tokens);
        if (rewrites.Count == 0) return code;
        rewrites.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var output = new StringBuilder(code.Length + rewrites.Count * 64);
        int next = 0;
        Emit(code, rewrites, ref next, 0, code.Length, output);
        return output.ToString();
    }

    /// <summary>The rewritten text of valid UTF-8 <paramref name="utf8"/>, or null when it has nothing to rewrite.</summary>
    public static string? Rewrite(ReadOnlySpan<byte> utf8)
    {
        if (!MayHaveStarredDisplay(utf8) && utf8.IndexOf((byte)':') < 0) return null;
        string code = Encoding.UTF8.GetString(utf8);
        string rewritten = Rewrite(code);
        return ReferenceEquals(rewritten, code) ? null : rewritten;
    }

    /// <summary>Whether some '[' holds two ':' before its ']' (a cheap over-approximation of a stepped slice).</summary>
    private static bool MayHaveStep(string code)
    {
        int open = code.IndexOf('[', StringComparison.Ordinal);
        while (open >= 0)
        {
            int colons = 0;
            for (int i = open + 1; i < code.Length && code[i] is not (']' or '[' or '\n'); i++)
                if (code[i] == ':' && ++colons == 2) return true;
            open = code.IndexOf('[', open + 1);
        }
        return false;
    }

    private static bool MayHaveStarredDisplay(ReadOnlySpan<byte> code)
    {
        int star = code.IndexOf((byte)'*');
        int offset = 0;
        while (star >= 0)
        {
            int at = offset + star;
            int i = at - 1;
            while (i >= 0 && code[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') i--;
            if (i >= 0 && code[i] is (byte)'(' or (byte)'[' or (byte)'{' or (byte)',') return true;
            offset = at + 1;
            star = code[offset..].IndexOf((byte)'*');
        }
        return false;
    }

    private static bool MayHaveStarredDisplay(string code)
    {
        int star = code.IndexOf('*', StringComparison.Ordinal);
        while (star > 0)
        {
            int i = star - 1;
            while (i >= 0 && (code[i] == ' ' || code[i] == '\t' || code[i] == '\n' || code[i] == '\r')) i--;
            if (i >= 0 && code[i] is '(' or '[' or '{' or ',') return true;
            star = code.IndexOf('*', star + 1);
        }
        return false;
    }

    /// <summary>Writes code[from..to) to <paramref name="output"/>, each rewrite starting in it replaced.</summary>
    private static void Emit(string code, List<Change> rewrites, ref int next, int from, int to, StringBuilder output)
    {
        int position = from;
        while (next < rewrites.Count && rewrites[next].Start < to)
        {
            var rewrite = rewrites[next++];
            output.Append(code, position, rewrite.Start - position);
            if (rewrite is Slice slice)
            {
                output.Append(SliceName).Append('(');
                for (int i = 0; i < 4; i++)
                {
                    var (start, end) = slice.Parts[i];
                    if (i > 0) output.Append(',');
                    if (end > start) Emit(code, rewrites, ref next, start, end, output);
                    else output.Append("None");
                }
                output.Append(')');
            }
            else if (rewrite is Display display)
            {
                output.Append('(').Append(BuilderName).Append('(').Append(display.Kind).Append(')');
                foreach (var element in display.Elements)
                {
                    AppendTrivia(code, element.LeadStart, element.ContentStart, output);
                    output.Append('.').Append(element.Op).Append('(');
                    if (element.Op == "kv")
                    {
                        Emit(code, rewrites, ref next, element.ContentStart, element.KeyEnd, output);
                        output.Append(',');
                        Emit(code, rewrites, ref next, element.ValueStart, element.ContentEnd, output);
                    }
                    else
                    {
                        int start = element.ContentStart + (element.Op == "m" ? 2 : element.Op == "x" ? 1 : 0);
                        Emit(code, rewrites, ref next, start, element.ContentEnd, output);
                    }
                    output.Append(')');
                }
                // The rest of the display (trailing trivia and commas) kept only for its newlines and comments.
                int tail = display.Elements.Count > 0 ? display.Elements[^1].ContentEnd : display.Start + 1;
                AppendTrivia(code, tail, display.End - 1, output);
                output.Append(".end())");
            }
            position = rewrite.End;
        }
        output.Append(code, position, to - position);
    }

    /// <summary>Copies the comments and line breaks of code[from..to), dropping the commas between elements.</summary>
    private static void AppendTrivia(string code, int from, int to, StringBuilder output)
    {
        for (int i = from; i < to; i++)
        {
            char c = code[i];
            if (c == '#')
            {
                int end = code.IndexOf('\n', i);
                if (end < 0 || end > to) end = to;
                output.Append(code, i, end - i);
                i = end - 1;
            }
            else if (c is '\n' or '\r' or ' ' or '\t') output.Append(c);
        }
    }

    private static List<Change> FindRewrites(string code, List<Token> tokens)
    {
        var result = new List<Change>();
        var stack = new Stack<(int Token, bool Display, List<int> Commas, List<int> Colons)>();
        int statement = 0;
        for (int t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (token.Kind == Kind.End)
            {
                statement = t + 1;
            }
            else if (token.Kind == Kind.Open)
            {
                char c = code[token.Start];
                bool display = c == '{' || IsDisplayPosition(code, tokens, t);
                stack.Push((t, display, [], []));
            }
            else if (token.Kind == Kind.Op && stack.Count > 0 && token.End - token.Start == 1 && code[token.Start] is ',' or ':')
            {
                var top = stack.Peek();
                (code[token.Start] == ',' ? top.Commas : top.Colons).Add(t);
            }
            else if (token.Kind == Kind.Close && stack.Count > 0)
            {
                var (open, display, commas, colons) = stack.Pop();
                if (display && MakeDisplay(code, tokens, open, t, commas) is { } found) result.Add(found);
                else if (!display && code[tokens[open].Start] == '[' && commas.Count == 0 && colons.Count == 2 && colons[1] + 1 < t &&
                         !IsStore(code, tokens, statement, open, t) && PrimaryStart(code, tokens, open) is int primary)
                {
                    result.Add(new Slice(tokens[primary].Start, tokens[t].End,
                    [
                        (tokens[primary].Start, tokens[open].Start),
                        Between(tokens, open, colons[0]),
                        Between(tokens, colons[0], colons[1]),
                        Between(tokens, colons[1], t),
                    ]));
                }
            }
        }
        return result;
    }

    /// <summary>The source range strictly between tokens <paramref name="a"/> and <paramref name="b"/> (empty when adjacent).</summary>
    private static (int, int) Between(List<Token> tokens, int a, int b) =>
        b == a + 1 ? (tokens[a].End, tokens[a].End) : (tokens[a + 1].Start, tokens[b - 1].End);

    /// <summary>
    /// Whether the subscript opened at <paramref name="open"/> is written to or deleted: its statement starts with
    /// <c>del</c>, or it stands at the statement's own level with an assignment after it.
    /// </summary>
    private static bool IsStore(string code, List<Token> tokens, int statement, int open, int close)
    {
        if (statement < tokens.Count && tokens[statement].Kind == Kind.Name && code[tokens[statement].Start..tokens[statement].End] == "del") return true;
        if (tokens[open].Depth != 0) return false;
        for (int i = close + 1; i < tokens.Count && tokens[i].Kind != Kind.End; i++)
            if (tokens[i].Depth == 0 && tokens[i].Kind == Kind.Op && IsAssignment(code.AsSpan(tokens[i].Start, tokens[i].End - tokens[i].Start))) return true;
        return false;
    }

    private static bool IsAssignment(ReadOnlySpan<char> op) =>
        op is "=" || (op.Length >= 2 && op[^1] == '=' && op is not ("==" or "!=" or "<=" or ">=" or ":="));

    /// <summary>
    /// The first token of the primary a subscript at <paramref name="open"/> applies to (a name, literal or bracket,
    /// followed by attributes, calls and subscripts), or null when it cannot be told.
    /// </summary>
    private static int? PrimaryStart(string code, List<Token> tokens, int open)
    {
        int t = open - 1;
        while (t >= 0)
        {
            var token = tokens[t];
            int start;
            if (token.Kind == Kind.Close)
            {
                start = t - 1;
                while (start >= 0 && !(tokens[start].Kind == Kind.Open && tokens[start].Depth == token.Depth)) start--;
                if (start < 0) return null;
                // A call or subscript trailer continues to the left; a parenthesized atom or display ends the primary.
                if (start > 0 && tokens[start - 1].Kind is Kind.Name or Kind.Close or Kind.String && !IsKeyword(code, tokens[start - 1]))
                {
                    t = start - 1;
                    continue;
                }
                return start;
            }
            if (token.Kind is Kind.Name && !IsKeyword(code, token) || token.Kind is Kind.Number or Kind.String)
            {
                start = t;
                if (token.Kind == Kind.String)
                    while (start > 0 && tokens[start - 1].Kind == Kind.String) start--;
                if (start > 1 && tokens[start - 1].Kind == Kind.Op && code[tokens[start - 1].Start] == '.' && tokens[start - 1].End - tokens[start - 1].Start == 1)
                {
                    t = start - 2;
                    continue;
                }
                return start;
            }
            return null;
        }
        return null;
    }

    private static bool IsKeyword(string code, Token token) =>
        token.Kind == Kind.Name && Keywords.Contains(code[token.Start..token.End]) && code[token.Start..token.End] is not ("None" or "True" or "False");

    /// <summary>Whether the '(' or '[' at token <paramref name="t"/> opens a display rather than a call or subscript.</summary>
    private static bool IsDisplayPosition(string code, List<Token> tokens, int t)
    {
        if (t == 0) return true;
        var previous = tokens[t - 1];
        return previous.Kind switch
        {
            Kind.Name => Keywords.Contains(code[previous.Start..previous.End]) && code[previous.Start..previous.End] is not ("None" or "True" or "False"),
            Kind.Number or Kind.String or Kind.Close => false,
            _ => true,
        };
    }

    private static Display? MakeDisplay(string code, List<Token> tokens, int open, int close, List<int> commas)
    {
        int depth = tokens[open].Depth + 1;
        var starts = new List<(int First, int Last)>();
        int first = open + 1;
        foreach (int comma in commas.Append(close))
        {
            if (comma > first) starts.Add((first, comma - 1));
            first = comma + 1;
        }
        bool starred = false, doubleStarred = false;
        foreach (var (f, _) in starts)
        {
            if (tokens[f].Kind != Kind.Op) continue;
            string op = code[tokens[f].Start..tokens[f].End];
            if (op == "*") starred = true;
            else if (op == "**") doubleStarred = true;
        }
        if (!starred && !doubleStarred) return null;
        char bracket = code[tokens[open].Start];
        if (bracket != '{' && (doubleStarred || IsTarget(code, tokens, open, close))) return null;
        if (bracket == '(' && commas.Count == 0) return null; // (*a) is not a tuple: leave CPython's error to the compiler.
        int kind = bracket switch { '[' => 0, '(' => 1, _ => doubleStarred ? 3 : 2 };
        var elements = new List<Element>();
        int leadStart = tokens[open].End;
        foreach (var (f, l) in starts)
        {
            int contentStart = tokens[f].Start, contentEnd = tokens[l].End;
            string firstText = tokens[f].Kind == Kind.Op ? code[tokens[f].Start..tokens[f].End] : "";
            if (kind == 3 && firstText != "**")
            {
                int colon = -1;
                for (int i = f; i <= l && colon < 0; i++)
                    if (tokens[i].Depth == depth && tokens[i].Kind == Kind.Op && code[tokens[i].Start..tokens[i].End] == ":") colon = i;
                if (colon < 0) return null;
                elements.Add(new Element("kv", leadStart, contentStart, tokens[colon].Start, tokens[colon].End, contentEnd));
            }
            else if (firstText == "**") elements.Add(new Element("m", leadStart, contentStart, 0, 0, contentEnd));
            else if (firstText == "*" && kind != 3) elements.Add(new Element("x", leadStart, contentStart, 0, 0, contentEnd));
            else if (kind != 3) elements.Add(new Element("a", leadStart, contentStart, 0, 0, contentEnd));
            else return null;
            leadStart = contentEnd;
        }
        // Comprehensions have no top-level comma but a 'for'; a starred one is an error CPython reports too.
        for (int i = open + 1; i < close; i++)
            if (tokens[i].Depth == depth && tokens[i].Kind == Kind.Name && code[tokens[i].Start..tokens[i].End] == "for") return null;
        return new Display(tokens[open].Start, tokens[close].End, kind, elements);
    }

    /// <summary>
    /// Whether a list or tuple display is (part of) an assignment or loop target, where MicroPython supports a star:
    /// a single '=' follows it on its logical line at the line's own level, or it sits between a 'for' and its 'in'.
    /// </summary>
    private static bool IsTarget(string code, List<Token> tokens, int open, int close)
    {
        for (int i = close + 1; i < tokens.Count && tokens[i].Kind != Kind.End; i++)
        {
            if (tokens[i].Depth == 0 && tokens[i].Kind == Kind.Op && code[tokens[i].Start..tokens[i].End] == "=") return true;
        }
        int depth = tokens[open].Depth;
        for (int i = open - 1; i >= 0 && tokens[i].Kind != Kind.End && tokens[i].Depth >= depth; i--)
        {
            if (tokens[i].Depth != depth || tokens[i].Kind != Kind.Name) continue;
            string word = code[tokens[i].Start..tokens[i].End];
            if (word == "in") return false;
            if (word == "for") return true;
        }
        return false;
    }

    /// <summary>The tokens of <paramref name="code"/> with their bracket depth; null when the text cannot be tokenized (left to the compiler).</summary>
    private static List<Token>? Tokenize(string code)
    {
        var tokens = new List<Token>();
        int depth = 0, i = 0;
        while (i < code.Length)
        {
            char c = code[i];
            if (c == '#')
            {
                while (i < code.Length && code[i] != '\n') i++;
            }
            else if (c == '\\' && i + 1 < code.Length && (code[i + 1] == '\n' || code[i + 1] == '\r'))
            {
                i += 2;
            }
            else if (c is '\n' or ';')
            {
                if (depth == 0) tokens.Add(new Token(Kind.End, i, i + 1, 0));
                i++;
            }
            else if (c is ' ' or '\t' or '\r' or '\f')
            {
                i++;
            }
            else if (c is '"' or '\'')
            {
                int start = i;
                if (!SkipString(code, ref i)) return null;
                tokens.Add(new Token(Kind.String, start, i, depth));
            }
            else if (char.IsLetter(c) || c == '_' || c > 127)
            {
                int start = i;
                while (i < code.Length && (char.IsLetterOrDigit(code[i]) || code[i] == '_' || code[i] > 127)) i++;
                if (i < code.Length && code[i] is '"' or '\'' && i - start <= 3 && IsStringPrefix(code.AsSpan(start, i - start)))
                {
                    if (!SkipString(code, ref i)) return null;
                    tokens.Add(new Token(Kind.String, start, i, depth));
                }
                else tokens.Add(new Token(Kind.Name, start, i, depth));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < code.Length && char.IsDigit(code[i + 1])))
            {
                int start = i;
                while (i < code.Length && (char.IsLetterOrDigit(code[i]) || code[i] is '.' or '_' ||
                       (code[i] is '+' or '-' && (code[i - 1] is 'e' or 'E') && !code.AsSpan(start, i - start).Contains('x')))) i++;
                tokens.Add(new Token(Kind.Number, start, i, depth));
            }
            else if (c is '(' or '[' or '{')
            {
                tokens.Add(new Token(Kind.Open, i, i + 1, depth));
                depth++;
                i++;
            }
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0) return null;
                depth--;
                tokens.Add(new Token(Kind.Close, i, i + 1, depth));
                i++;
            }
            else
            {
                int length = OperatorLength(code, i);
                tokens.Add(new Token(Kind.Op, i, i + length, depth));
                i += length;
            }
        }
        return tokens;
    }

    private static bool IsStringPrefix(ReadOnlySpan<char> prefix)
    {
        foreach (char p in prefix)
            if (p is not ('r' or 'R' or 'b' or 'B' or 'u' or 'U' or 'f' or 'F')) return false;
        return true;
    }

    /// <summary>Moves past the string literal starting at the quote at <paramref name="i"/>; false when it is not closed.</summary>
    private static bool SkipString(string code, ref int i)
    {
        char quote = code[i];
        bool triple = i + 2 < code.Length && code[i + 1] == quote && code[i + 2] == quote;
        i += triple ? 3 : 1;
        while (i < code.Length)
        {
            char c = code[i];
            if (c == '\\') { i += 2; continue; }
            if (c == quote && (!triple || (i + 2 < code.Length && code[i + 1] == quote && code[i + 2] == quote)))
            {
                i += triple ? 3 : 1;
                return true;
            }
            if (c == '\n' && !triple) return false;
            i++;
        }
        return false;
    }

    private static int OperatorLength(string code, int i)
    {
        ReadOnlySpan<string> three = ["**=", "//=", ">>=", "<<=", "..."];
        ReadOnlySpan<string> two = ["**", "//", "==", "!=", "<=", ">=", "->", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "<<", ">>"];
        foreach (var op in three)
            if (string.CompareOrdinal(code, i, op, 0, 3) == 0) return 3;
        foreach (var op in two)
            if (string.CompareOrdinal(code, i, op, 0, 2) == 0) return 2;
        return 1;
    }
}
