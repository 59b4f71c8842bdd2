namespace MicroPython.Sandbox.Bridge;

/// <summary>Host-side preparation of a session run's source: dedenting and where its last expression may start.</summary>
internal static class SessionSource
{
    /// <summary>
    /// Where the last top-level statement may start: up to three lines at column 0 (not blank, not a comment),
    /// last first, as (code point offset, line index). The prelude checks each by compiling it.
    /// </summary>
    public static List<(int Offset, int Line)> ExpressionCandidates(string code)
    {
        var found = new List<(int, int)>();
        var starts = new List<(int Char, int Line)>();
        int line = 0;
        for (int i = 0; i <= code.Length; i++)
        {
            if (i == 0 || code[i - 1] == '\n')
            {
                if (i < code.Length && code[i] is not (' ' or '\t' or '\r' or '\n' or '#' or '\f') && !IsStatement(code, i)) starts.Add((i, line));
            }
            if (i < code.Length && code[i] == '\n') line++;
        }
        // `a = f(); a` on the last line: the expression after its last top-level semicolon comes first.
        if (LastSemicolonExpression(code) is { } afterSemicolon) found.Add((CodePoints(code, afterSemicolon.Char), afterSemicolon.Line));
        for (int k = starts.Count - 1; k >= 0 && found.Count < 3; k--)
        {
            var (charIndex, lineIndex) = starts[k];
            found.Add((CodePoints(code, charIndex), lineIndex));
        }
        return found;
    }

    // Python slices by code points; .NET indexes UTF-16 units.
    private static int CodePoints(string code, int charIndex)
    {
        int codePoints = charIndex;
        for (int j = 0; j < charIndex; j++) if (char.IsLowSurrogate(code[j])) codePoints--;
        return codePoints;
    }

    /// <summary>
    /// Where the expression after the last semicolon of the last line starts, when that line is at the top
    /// level and the semicolon is outside strings and comments (as far as a quote count tells; the
    /// compiler has the last word, since a candidate that does not compile is skipped).
    /// </summary>
    private static (int Char, int Line)? LastSemicolonExpression(string code)
    {
        int end = code.Length;
        while (end > 0 && code[end - 1] is ' ' or '\t' or '\r' or '\n') end--;
        int start = code.LastIndexOf('\n', Math.Max(0, end - 1)) + 1;
        if (start >= end || code[start] is ' ' or '\t' or '\f' || StartsCompound(code.AsSpan(start, end - start))) return null;
        int semicolon = -1, singles = 0, doubles = 0;
        for (int i = start; i < end; i++)
        {
            char c = code[i];
            if (c == '\'') singles++;
            else if (c == '"') doubles++;
            else if (c == '#' && singles % 2 == 0 && doubles % 2 == 0) break;
            else if (c == ';' && singles % 2 == 0 && doubles % 2 == 0) semicolon = i;
        }
        if (semicolon < 0) return null;
        int tail = semicolon + 1;
        while (tail < end && code[tail] is ' ' or '\t') tail++;
        if (tail >= end || IsStatement(code, tail)) return null;
        return (tail, code.AsSpan(0, tail).Count('\n'));
    }

    // After one of these, a semicolon separates statements of the compound statement's body.
    private static readonly string[] CompoundKeywords = ["if", "elif", "else", "for", "while", "try", "except", "finally", "with", "def", "class", "async"];

    private static bool StartsCompound(ReadOnlySpan<char> line) => StartsWithKeyword(line, CompoundKeywords);

    private static bool StartsWithKeyword(ReadOnlySpan<char> line, string[] keywords)
    {
        foreach (var keyword in keywords)
        {
            if (line.StartsWith(keyword, StringComparison.Ordinal)
                && (line.Length == keyword.Length || !(char.IsAsciiLetterOrDigit(line[keyword.Length]) || line[keyword.Length] == '_')))
                return true;
        }
        return false;
    }

    private static readonly string[] StatementKeywords =
    [
        "def", "class", "if", "elif", "else", "for", "while", "try", "except", "finally", "with", "import", "from",
        "return", "raise", "del", "pass", "break", "continue", "global", "nonlocal", "assert", "async",
    ];

    /// <summary>
    /// True when the line at <paramref name="start"/> certainly begins a statement that is not an expression:
    /// a statement keyword, or an assignment (<c>=</c> or an augmented one at bracket depth 0, outside strings,
    /// with no <c>lambda</c> before it). Such lines are not offered to the prelude, which saves a failing compile.
    /// </summary>
    internal static bool IsStatement(string code, int start)
    {
        int end = code.IndexOf('\n', start);
        var line = code.AsSpan(start, (end < 0 ? code.Length : end) - start);
        if (StartsWithKeyword(line, StatementKeywords)) return true;
        int depth = 0;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            switch (c)
            {
                case '#': return false;
                case '\'' or '"': return false; // strings: leave it to the compiler
                case '(' or '[' or '{': depth++; break;
                case ')' or ']' or '}': depth--; break;
                case 'l' when depth == 0 && line[i..].StartsWith("lambda", StringComparison.Ordinal): return false;
                case '=' when depth == 0:
                    char before = i > 0 ? line[i - 1] : ' ', after = i + 1 < line.Length ? line[i + 1] : ' ';
                    if (after == '=') { i++; break; }  // ==
                    if (before is '!' or '<' or '>' or '=') break; // !=, <=, >=
                    return true; // =, +=, -=, ... and annotated assignments
            }
        }
        return false;
    }

    /// <summary>
    /// Removes indentation common to every non-blank line, as the one-shot runner's lexer does, so an
    /// indented snippet (e.g. cut from a larger file) runs. Line numbers are unchanged.
    /// </summary>
    public static string Dedent(string code)
    {
        // Fast exit: the first non-blank line starts at column 0.
        int first = 0;
        while (first < code.Length && code[first] is '\n' or '\r') first++;
        if (first < code.Length && code[first] is not (' ' or '\t' or '\f')) return code;

        var lines = code.Split('\n');
        string? prefix = null;
        foreach (var line in lines)
        {
            if (line.AsSpan().Trim(" \t\r\f").IsEmpty) continue;
            int n = 0;
            while (n < line.Length && line[n] is ' ' or '\t') n++;
            if (n == 0) return code;
            var own = line[..n];
            if (prefix is null) prefix = own;
            else
            {
                int k = 0;
                while (k < prefix.Length && k < own.Length && prefix[k] == own[k]) k++;
                prefix = prefix[..k];
                if (k == 0) return code;
            }
        }
        if (string.IsNullOrEmpty(prefix)) return code;
        for (int i = 0; i < lines.Length; i++)
            lines[i] = lines[i].StartsWith(prefix, StringComparison.Ordinal) ? lines[i][prefix.Length..] : lines[i].TrimStart(' ', '\t');
        return string.Join('\n', lines);
    }
}
