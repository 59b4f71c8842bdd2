namespace MicroPython.Sandbox.Cli;

/// <summary>
/// Whether the lines typed so far are a whole statement, as CPython's prompt decides it: a line that ends with ':'
/// (or a decorator) opens a block that a blank line closes; open brackets, a triple-quoted string or a trailing
/// backslash continue the statement until they are closed.
/// </summary>
internal static class Continuation
{
    public static bool NeedsMore(IReadOnlyList<string> lines)
    {
        string text = string.Join('\n', lines);
        int depth = 0;
        char quote = '\0';
        bool triple = false, colonLast = false, block = lines.Count > 0 && lines[0].TrimStart().StartsWith('@');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                if (c == '\\') i++;
                else if (triple && c == quote && At(text, i, quote)) (quote, i) = ('\0', i + 2);
                else if (!triple && c == quote) quote = '\0';
                else if (!triple && c == '\n') quote = '\0'; // unterminated: the interpreter reports it
                continue;
            }
            switch (c)
            {
                case '#':
                    while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                    continue;
                case '\\' when i + 1 < text.Length && text[i + 1] == '\n':
                    i++;
                    continue;
                case '"' or '\'':
                    triple = At(text, i, c);
                    quote = c;
                    if (triple) i += 2;
                    colonLast = false;
                    continue;
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '\n':
                    if (depth == 0 && colonLast) block = true;
                    colonLast = false;
                    continue;
            }
            if (!char.IsWhiteSpace(c)) colonLast = c == ':';
        }
        if (depth == 0 && colonLast) block = true;
        if (quote != '\0' && triple) return true;
        if (depth > 0 || text.EndsWith('\\')) return true;
        return block && lines[^1].Trim().Length > 0;
    }

    private static bool At(string text, int i, char quote) =>
        i + 2 < text.Length && text[i] == quote && text[i + 1] == quote && text[i + 2] == quote;
}
