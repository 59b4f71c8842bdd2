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
        for (int k = starts.Count - 1; k >= 0 && found.Count < 3; k--)
        {
            var (charIndex, lineIndex) = starts[k];
            int codePoints = charIndex;
            for (int j = 0; j < charIndex; j++) if (char.IsLowSurrogate(code[j])) codePoints--;
            found.Add((codePoints, lineIndex));
        }
        return found;
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
        foreach (var keyword in StatementKeywords)
        {
            if (line.StartsWith(keyword, StringComparison.Ordinal)
                && (line.Length == keyword.Length || !(char.IsAsciiLetterOrDigit(line[keyword.Length]) || line[keyword.Length] == '_')))
                return true;
        }
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
