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
        return null;
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
