namespace MicroPython.Sandbox.TestKit;

/// <summary>Checks on a <see cref="RunResult"/> whose failure message shows everything the run gave back.</summary>
internal static class RunResultAssertions
{
    /// <summary>Asserts that the run completed, and returns it for further checks.</summary>
    public static RunResult ShouldComplete(this RunResult result)
    {
        Assert.True(result.Status == RunStatus.Completed, $"Expected the run to complete.\n{Describe(result)}");
        return result;
    }

    /// <summary>Asserts that the run ended on an uncaught Python exception of <paramref name="errorType"/>, and returns that error.</summary>
    public static PythonError ShouldFailWith(this RunResult result, string errorType)
    {
        Assert.True(result.Status == RunStatus.PythonError && result.Error?.Type == errorType, $"Expected the run to fail with {errorType}.\n{Describe(result)}");
        return result.Error!;
    }

    /// <summary>Asserts that the run ended with <paramref name="status"/> (a limit, a cancellation, a fault), and returns it.</summary>
    public static RunResult ShouldEndWith(this RunResult result, RunStatus status)
    {
        Assert.True(result.Status == status, $"Expected the run to end with {status}.\n{Describe(result)}");
        return result;
    }

    /// <summary>Everything a run gave back, for a failure message.</summary>
    public static string Describe(RunResult result) =>
        $"status: {result.Status}\nmessage: {result.Message}\nerror: {result.Error?.Traceback ?? result.Error?.ToString() ?? "(none)"}\nstdout: {result.Stdout}\nstderr: {result.Stderr}";
}
