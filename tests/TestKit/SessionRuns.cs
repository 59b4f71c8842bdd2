namespace MicroPython.Sandbox.TestKit;

/// <summary>Session helpers; test files bring them in with <c>using static MicroPython.Sandbox.TestKit.SessionRuns;</c>.</summary>
internal static class SessionRuns
{
    /// <summary>Runs <paramref name="code"/> in <paramref name="session"/> and asserts that it completed.</summary>
    public static RunResult Ok(PythonSession session, string code) => session.Run(code).ShouldComplete();
}
