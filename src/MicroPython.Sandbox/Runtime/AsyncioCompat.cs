namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// This build's <c>asyncio</c> runs on a JavaScript-style event loop and has no <c>asyncio.run</c>. As the
/// official MicroPython WebAssembly CLI does, code whose last line is <c>asyncio.run(coro)</c> gets
/// <c>asyncio.create_task(coro)</c> there instead; the task then runs on the host's timer loop
/// (<see cref="TimerQueue"/>) once the top-level code is done. Line numbers do not change.
/// </summary>
internal static class AsyncioCompat
{
    private static ReadOnlySpan<byte> Run => "asyncio.run("u8;
    private static ReadOnlySpan<byte> CreateTask => "asyncio.create_task("u8;

    public static ReadOnlySpan<byte> Rewrite(ReadOnlySpan<byte> source)
    {
        var trimmed = source.TrimEnd(" \t\r\n"u8);
        int lineStart = trimmed.LastIndexOf((byte)'\n') + 1;
        var lastLine = trimmed[lineStart..];
        if (!lastLine.StartsWith(Run) || lastLine[^1] != (byte)')') return source;

        var rewritten = new byte[source.Length - Run.Length + CreateTask.Length];
        source[..lineStart].CopyTo(rewritten);
        CreateTask.CopyTo(rewritten.AsSpan(lineStart));
        source[(lineStart + Run.Length)..].CopyTo(rewritten.AsSpan(lineStart + CreateTask.Length));
        return rewritten;
    }
}
