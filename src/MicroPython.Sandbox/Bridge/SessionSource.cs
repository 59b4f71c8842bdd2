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
                if (i < code.Length && code[i] is not (' ' or '\t' or '\r' or '\n' or '#' or '\f')) starts.Add((i, line));
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

    /// <summary>
    /// Removes indentation common to every non-blank line, as the one-shot runner's lexer does, so an
    /// indented snippet (e.g. cut from a larger file) runs. Line numbers are unchanged.
    /// </summary>
    public static string Dedent(string code)
    {
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
