using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Tests;

/// <summary>Runs source on an <see cref="Interpreter"/> directly, for tests below the public API.</summary>
internal static class InterpreterRuns
{
    /// <summary>A generous timeout, so a busy test machine does not fail a run.</summary>
    public static readonly SandboxOptions Options = new() { Timeout = TimeSpan.FromSeconds(20) };

    public static RunResult Execute(this Interpreter interpreter, string code, SandboxOptions? options = null) =>
        interpreter.Execute(System.Text.Encoding.UTF8.GetBytes(code), options ?? Options, null, CancellationToken.None);
}
