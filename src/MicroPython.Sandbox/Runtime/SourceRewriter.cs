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
/// <item>Calls of a <c>sort</c> method (<c>p.sort(key=k)</c>): MicroPython's <c>list.sort</c> is not stable, CPython's
/// is, and programs print rows sorted by a key with ties. <c>p.sort(args)</c> becomes <c>T(p, args)</c>
/// (<see cref="SortName"/>), which sorts a list stably in place and calls every other object's own <c>sort</c>.</item>
/// <item>Calls of str, set, int and float methods MicroPython lacks (<c>s.ljust(9, '.')</c>, <c>s.title()</c>,
/// <c>a.union(b, c)</c>, <c>n.bit_length()</c>, ...) or takes no keywords or fewer arguments for
/// (<c>s.split(maxsplit=1)</c>, <c>s.center(9, '*')</c>): <c>p.name(args)</c> becomes <c>M(p, 'name', args)</c>
/// (<see cref="MethodName"/>), which runs CPython's behaviour for those built-in types (library module
/// <c>_mpsandbox_methods</c>) and calls every other object's own method.</item>
/// <item>f-string fields that group digits (<c>{total:,.2f}</c>): MicroPython groups ints but silently not floats;
/// the field becomes <c>{F(total, ',.2f')}</c> (<see cref="FormatName"/>), which groups floats itself. The same
/// <c>format()</c> is installed as the built-in.</item>
/// </list>
/// The helpers are defined once at start-up (<see cref="StandardInput"/>), so a run that needs neither pays nothing.
/// f-strings are copied as they are: a starred display or stepped slice inside one still fails.
/// </summary>
internal static class SourceRewriter
{
    /// <summary>The builtins name of the builder class the rewritten displays call.</summary>
    public const string BuilderName = "__mpsandbox_display__";

    /// <summary>The builtins name of the function rewritten stepped slices call.</summary>
    public const string SliceName = "__mpsandbox_slice__";

    /// <summary>The builtins name of the function rewritten <c>sort</c> method calls call.</summary>
    public const string SortName = "__mpsandbox_sort__";

    /// <summary>The builtins name of the function f-string fields with digit grouping (<c>{x:,.2f}</c>) call.</summary>
    public const string FormatName = "__mpsandbox_format__";

    /// <summary>The builtins name of the function rewritten calls of missing built-in methods call.</summary>
    public const string MethodName = "__mpsandbox_method__";

    /// <summary>Methods MicroPython's str, set, int or float lack: every call is routed.</summary>
    private static readonly HashSet<string> MissingMethods = new(StringComparer.Ordinal)
    {
        "ljust", "rjust", "zfill", "capitalize", "casefold", "title", "istitle", "swapcase", "expandtabs", "removeprefix",
        "removesuffix", "isalnum", "isdecimal", "isnumeric", "isascii", "isidentifier", "isprintable", "format_map",
        "maketrans", "translate", "bit_length", "bit_count", "is_integer", "intersection_update", "difference_update",
    };

    /// <summary>Methods MicroPython has with fewer arguments or no keywords: calls with a keyword or two or more arguments are routed.</summary>
    private static readonly HashSet<string> LimitedMethods = new(StringComparer.Ordinal)
    {
        "split", "rsplit", "center", "union", "intersection", "difference",
    };

    private enum Kind { Name, Number, String, Op, Open, Close, End }

    private readonly record struct Token(Kind Kind, int Start, int End, int Depth);

    private sealed record Element(string Op, int LeadStart, int ContentStart, int KeyEnd, int ValueStart, int ContentEnd);

    /// <summary>A part of the source to replace, from <paramref name="Start"/> to <paramref name="End"/> (exclusive).</summary>
    private abstract record Change(int Start, int End);

    private sealed record Display(int Start, int End, int Kind, List<Element> Elements) : Change(Start, End);

    /// <summary>A stepped slice <c>primary[start:stop:step]</c>: the source ranges of its four parts (empty when omitted).</summary>
    private sealed record Slice(int Start, int End, (int Start, int End)[] Parts) : Change(Start, End);

    /// <summary>
    /// A call <c>primary.name(arguments)</c> routed to a helper: <c>sort</c> to <see cref="SortName"/>, others to
    /// <see cref="MethodName"/>; the source ranges of the primary and of the arguments.
    /// </summary>
    private sealed record MethodCall(int Start, int End, string Name, (int Start, int End) Primary, (int Start, int End) Arguments, char Quote) : Change(Start, End);

    /// <summary>A replacement field's expression inside an f-string, rewritten on its own.</summary>
    private sealed record Literal(int Start, int End, string Text) : Change(Start, End);

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    };

    /// <summary>Returns <paramref name="code"/> rewritten, or the same string when it has nothing to rewrite.</summary>
    public static string Rewrite(string code) => Rewrite(code, '\'');

    /// <summary>Rewrites <paramref name="code"/>, quoting method names with <paramref name="quote"/> (the other quote inside an f-string).</summary>
    private static string Rewrite(string code, char quote)
    {
        // Cheap test first: a display to rewrite has a '*' right after an opening bracket or a comma, a stepped slice
        // two ':' in one '[...]', a routed call a '.name(' of a known method.
        if (!MayHaveStarredDisplay(code) && !MayHaveStep(code) && !MayCallRoutedMethod(code) && !MayGroupDigits(code)) return code;
        var tokens = Tokenize(code);
        if (tokens is null) return code;
        var rewrites = FindRewrites(code, tokens, quote);
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
        if (!MayHaveStarredDisplay(utf8) && utf8.IndexOf((byte)':') < 0 && utf8.IndexOf((byte)'.') < 0 && utf8.IndexOf((byte)',') < 0) return null;
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

    /// <summary>Whether some format spec may group digits ({x:,.2f}, {n:,}, {x:_.1f}, {x:>9,.1f}).</summary>
    private static bool MayGroupDigits(string code) =>
        code.Contains(",.", StringComparison.Ordinal) || code.Contains(":,", StringComparison.Ordinal) || code.Contains(",}", StringComparison.Ordinal) ||
        code.Contains(":_", StringComparison.Ordinal) || code.Contains("_.", StringComparison.Ordinal) || code.Contains("_}", StringComparison.Ordinal);

    /// <summary>Whether some '.name(' calls a method that may be routed to a helper.</summary>
    private static bool MayCallRoutedMethod(string code)
    {
        int paren = code.IndexOf('(', StringComparison.Ordinal);
        while (paren >= 0)
        {
            int end = paren;
            while (end > 0 && code[end - 1] is ' ' or '\t') end--;
            int start = end;
            while (start > 0 && (char.IsAsciiLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
            if (start > 0 && start < end && code[start - 1] == '.')
            {
                var name = code.AsSpan(start, end - start);
                if (name is "sort" || MissingMethods.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name) ||
                    LimitedMethods.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name)) return true;
            }
            paren = code.IndexOf('(', paren + 1);
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
            if (rewrite is Literal literal)
            {
                output.Append(literal.Text);
            }
            else if (rewrite is MethodCall call)
            {
                output.Append(call.Name == "sort" ? SortName : MethodName).Append('(');
                Emit(code, rewrites, ref next, call.Primary.Start, call.Primary.End, output);
                if (call.Name != "sort") output.Append(',').Append(call.Quote).Append(call.Name).Append(call.Quote);
                if (call.Arguments.End > call.Arguments.Start)
                {
                    output.Append(',');
                    Emit(code, rewrites, ref next, call.Arguments.Start, call.Arguments.End, output);
                }
                output.Append(')');
            }
            else if (rewrite is Slice slice)
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

    private static List<Change> FindRewrites(string code, List<Token> tokens, char quote)
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
            else if (token.Kind == Kind.String && code[token.Start] is 'f' or 'F' or 'r' or 'R' && IsFString(code, token))
            {
                AddFieldRewrites(code, token, result);
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
                else if (!display && code[tokens[open].Start] == '(' && open >= 3 && tokens[open - 1].Kind == Kind.Name &&
                         tokens[open - 2].Kind == Kind.Op && code.AsSpan(tokens[open - 2].Start, tokens[open - 2].End - tokens[open - 2].Start) is "." &&
                         RoutedMethod(code, tokens, open, t, commas) is { } name && PrimaryStart(code, tokens, open - 2) is int owner)
                {
                    result.Add(new MethodCall(tokens[owner].Start, tokens[t].End, name, (tokens[owner].Start, tokens[open - 3].End), Between(tokens, open, t), quote));
                }
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

    private static bool IsFString(string code, Token token)
    {
        for (int i = token.Start; i < token.End && code[i] is not ('\'' or '"'); i++)
            if (code[i] is 'f' or 'F') return true;
        return false;
    }

    /// <summary>
    /// Rewrites the expressions of the f-string <paramref name="token"/>'s replacement fields on their own (those
    /// ending in '=' print their own text and are left alone); names are quoted with the quote the f-string does not use.
    /// </summary>
    private static void AddFieldRewrites(string code, Token token, List<Change> result)
    {
        int i = token.Start;
        while (code[i] is not ('\'' or '"')) i++;
        char delimiter = code[i];
        bool triple = i + 2 < token.End && code[i + 1] == delimiter && code[i + 2] == delimiter;
        int bodyStart = i + (triple ? 3 : 1), bodyEnd = token.End - (triple ? 3 : 1);
        char inner = delimiter == '\'' ? '"' : '\'';
        for (i = bodyStart; i < bodyEnd; i++)
        {
            if (code[i] != '{') continue;
            if (i + 1 < bodyEnd && code[i + 1] == '{') { i++; continue; }
            i = Field(code, i + 1, bodyEnd, inner, result);
        }
    }

    /// <summary>Handles the replacement field whose expression starts at <paramref name="start"/>; returns the index of its closing '}'.</summary>
    private static int Field(string code, int start, int end, char inner, List<Change> result)
    {
        int depth = 0, i = start;
        for (; i < end; i++)
        {
            char c = code[i];
            if (c is '\'' or '"')
            {
                int close = code.IndexOf(c, i + 1);
                if (close < 0 || close >= end) return end;
                i = close;
            }
            else if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' || (c == '}' && depth > 0)) depth--;
            else if (depth == 0 && (c == '}' || c == ':' || (c == '!' && (i + 1 >= end || code[i + 1] != '=')))) break;
        }
        int exprEnd = i;
        var expression = code.AsSpan(start, exprEnd - start).TrimEnd();
        bool selfDocumenting = expression.Length > 0 && expression[^1] == '=' && (expression.Length < 2 || expression[^2] is not ('=' or '!' or '<' or '>'));
        if (!selfDocumenting && exprEnd > start && i < end && code[i] == ':' && GroupedSpecEnd(code, i + 1, end, inner) is int specEnd)
        {
            // {x:,.2f}: MicroPython ignores grouping for floats; the field becomes {F(x, ',.2f')} (FormatName).
            string text = code[start..exprEnd];
            string spec = code[(i + 1)..specEnd];
            result.Add(new Literal(start, specEnd, FormatName + "(" + Rewrite(text, inner) + "," + inner + spec + inner + ")"));
            return specEnd;
        }
        if (!selfDocumenting && exprEnd > start)
        {
            string text = code[start..exprEnd];
            string rewritten = Rewrite(text, inner);
            if (!ReferenceEquals(rewritten, text)) result.Add(new Literal(start, exprEnd, rewritten));
        }
        if (i < end && code[i] == '!') i += 2;
        if (i < end && code[i] == ':')
        {
            // The format spec may hold nested fields: {value:>{width}}.
            for (i++; i < end && code[i] != '}'; i++)
                if (code[i] == '{') i = Field(code, i + 1, end, inner, result);
        }
        return i;
    }

    /// <summary>The end of a plain format spec starting at <paramref name="start"/> that groups digits (',' or '_'), or null.</summary>
    private static int? GroupedSpecEnd(string code, int start, int end, char inner)
    {
        int close = code.IndexOf('}', start);
        if (close < 0 || close > end) return null;
        var spec = code.AsSpan(start, close - start);
        if (spec.ContainsAny('{', '\\') || spec.Contains(inner) || spec.ContainsAny('\'', '"')) return null;
        return spec.ContainsAny(',', '_') ? close : null;
    }

    /// <summary>The name of the method called by the call whose '(' is token <paramref name="open"/>, when the call is routed to a helper.</summary>
    private static string? RoutedMethod(string code, List<Token> tokens, int open, int close, List<int> commas)
    {
        string name = code[tokens[open - 1].Start..tokens[open - 1].End];
        if (name == "sort" || MissingMethods.Contains(name)) return name;
        if (!LimitedMethods.Contains(name)) return null;
        // Two or more arguments (a comma with something after it), or a keyword argument (name '=' at the call's level).
        if (commas.Count > 0 && commas[^1] + 1 < close || commas.Count > 1) return name;
        int depth = tokens[open].Depth + 1;
        for (int i = open + 1; i + 1 < close; i++)
        {
            if (tokens[i].Kind == Kind.Name && tokens[i].Depth == depth && tokens[i + 1].Kind == Kind.Op &&
                code.AsSpan(tokens[i + 1].Start, tokens[i + 1].End - tokens[i + 1].Start) is "=") return name;
        }
        return null;
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
    /// The first token of the primary that ends right before token <paramref name="open"/> (the '[' of a subscript or
    /// the '.' of a method call): a name, literal or bracket followed by attributes, calls and subscripts; null when
    /// it cannot be told.
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
