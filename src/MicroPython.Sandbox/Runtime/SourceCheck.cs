using System.Text;
using MicroPython.Sandbox.Limits;

namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// Checks source before it reaches the interpreter, which assumes valid UTF-8 text: too large, invalid
/// UTF-8 (or a lone surrogate in a .NET string) and NUL bytes are refused with the result CPython gives.
/// </summary>
internal static class SourceCheck
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes <paramref name="code"/>; returns the refusal, or null with the UTF-8 bytes to run.</summary>
    public static RunResult? Encode(string code, SandboxOptions options, out byte[] utf8)
    {
        try
        {
            utf8 = StrictUtf8.GetBytes(code);
        }
        catch (EncoderFallbackException e)
        {
            utf8 = [];
            return Rejected(new PythonError("SyntaxError", $"source is not valid Unicode: {e.Message}", $"SyntaxError: source is not valid Unicode: {e.Message}\n", null));
        }
        return Check(utf8, options);
    }

    /// <summary>Returns the refusal for <paramref name="utf8"/>, or null when it may run.</summary>
    public static RunResult? Check(ReadOnlySpan<byte> utf8, SandboxOptions options) => Check(utf8, options.MaxSourceBytes);

    /// <summary>Returns the refusal for <paramref name="utf8"/> under a size cap of <paramref name="maxSourceBytes"/> (<see cref="RunLimits.MaxSourceBytes"/>), or null when it may run.</summary>
    public static RunResult? Check(ReadOnlySpan<byte> utf8, int maxSourceBytes)
    {
        if (utf8.Length > maxSourceBytes)
        {
            return new RunResult
            {
                Status = RunStatus.SourceTooLarge,
                Stdout = "",
                Stderr = "",
                Message = LimitOutcome.SourceTooLargeMessage(utf8.Length, maxSourceBytes),
            };
        }
        int nul = utf8.IndexOf((byte)0);
        if (nul >= 0)
            return Rejected(new PythonError("SyntaxError", "source code string cannot contain null bytes", "SyntaxError: source code string cannot contain null bytes\n", LineAt(utf8, nul)));
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            int offset = 0;
            try { StrictUtf8.GetCharCount(utf8); }
            catch (DecoderFallbackException e) { offset = e.Index; }
            string message = $"(unicode error) 'utf-8' codec can't decode byte at position {offset}: invalid UTF-8";
            return Rejected(new PythonError("SyntaxError", message, $"SyntaxError: {message}\n", LineAt(utf8, offset)));
        }
        int tooDeep = NestingPastLimit(utf8);
        if (tooDeep >= 0)
            return Rejected(new PythonError("SyntaxError", TooDeepMessage, $"SyntaxError: {TooDeepMessage}\n", LineAt(utf8, tooDeep)));
        return null;
    }

    /// <summary>Deepest bracket nesting the source may have, as CPython's tokenizer allows (MAXLEVEL).</summary>
    public const int MaxNesting = 200;

    private const string TooDeepMessage = "too many nested parentheses";

    /// <summary>
    /// The offset of the first bracket nested deeper than <see cref="MaxNesting"/>, or -1. The interpreter's compiler
    /// takes time quadratic in the nesting (20,000 levels: seconds) and recurses on the C stack; CPython refuses such
    /// source in its tokenizer, so it is refused here before compiling, in one linear pass. Comments and string
    /// literals are skipped (a backslash escapes the next byte, in raw strings too, as Python reads them); an
    /// unterminated string ends the scan and is left to the compiler to report.
    /// </summary>
    internal static int NestingPastLimit(ReadOnlySpan<byte> utf8)
    {
        int depth = 0;
        for (int i = 0; i < utf8.Length; i++)
        {
            byte c = utf8[i];
            switch (c)
            {
                case (byte)'#':
                    int end = utf8[i..].IndexOf((byte)'\n');
                    if (end < 0) return -1;
                    i += end;
                    break;
                case (byte)'\'' or (byte)'"':
                    i = SkipString(utf8, i);
                    if (i < 0) return -1;
                    break;
                case (byte)'(' or (byte)'[' or (byte)'{':
                    if (++depth > MaxNesting) return i;
                    break;
                case (byte)')' or (byte)']' or (byte)'}':
                    if (depth > 0) depth--;
                    break;
            }
        }
        return -1;
    }

    /// <summary>The offset of the last byte of the string literal opening at <paramref name="start"/>, or -1 if it does not end.</summary>
    private static int SkipString(ReadOnlySpan<byte> utf8, int start)
    {
        byte quote = utf8[start];
        bool triple = start + 2 < utf8.Length && utf8[start + 1] == quote && utf8[start + 2] == quote;
        for (int i = start + (triple ? 3 : 1); i < utf8.Length; i++)
        {
            byte c = utf8[i];
            if (c == (byte)'\\') { i++; continue; }
            if (c == (byte)'\n' && !triple) return i;
            if (c != quote) continue;
            if (!triple) return i;
            if (i + 2 < utf8.Length && utf8[i + 1] == quote && utf8[i + 2] == quote) return i + 2;
        }
        return -1;
    }

    private static int LineAt(ReadOnlySpan<byte> utf8, int offset) => utf8[..Math.Min(offset, utf8.Length)].Count((byte)'\n') + 1;

    private static RunResult Rejected(PythonError error) => new()
    {
        Status = RunStatus.PythonError,
        Stdout = "",
        Stderr = "",
        Error = error,
    };
}
