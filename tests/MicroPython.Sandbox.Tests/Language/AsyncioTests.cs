namespace MicroPython.Sandbox.Tests;

/// <summary>asyncio on the host's timer loop: js.setTimeout callbacks run after the top-level code, in due order.</summary>
public class AsyncioTests
{
    [Fact]
    public void AsyncioRunAtTheEndRunsTheCoroutineToCompletion()
    {
        const string code = """
            import asyncio
            async def worker(name, delay):
                for i in range(2):
                    await asyncio.sleep(delay)
                    print(name, i)
                return name * 2
            async def main():
                results = await asyncio.gather(worker('a', 0.01), worker('b', 0.06))
                print('results', results)
            print('start')
            asyncio.run(main())
            """;
        var result = PythonSandbox.Run(code);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("start\na 0\na 1\nb 0\nb 1\nresults ['aa', 'bb']\n", result.Stdout);
        Assert.True(result.WallTime >= TimeSpan.FromMilliseconds(120));
    }

    [Fact]
    public void SetTimeoutCallbacksRunAfterTheCodeInDueOrderAndCanBeCleared()
    {
        const string code = """
            import js
            js.setTimeout(lambda: print('second'), 30)
            js.setTimeout(lambda: print('first'), 5)
            t = js.setTimeout(lambda: print('never'), 10)
            js.clearTimeout(t)
            print('now')
            """;
        var result = PythonSandbox.Run(code);
        Assert.Equal("now\nfirst\nsecond\n", result.Stdout);
    }

    [Fact]
    public void AnEndlessChainOfTimersStopsAtTheTimeLimit()
    {
        var result = PythonSandbox.Run("import js\ndef again():\n    js.setTimeout(again, 0)\nagain()", new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        Assert.Equal(RunStatus.TimeLimitExceeded, result.Status);
    }

    [Fact]
    public void AnExceptionInATimerCallbackIsThePythonError()
    {
        var result = PythonSandbox.Run("import js\ndef boom():\n    raise ValueError('in timer')\njs.setTimeout(boom, 0)\nprint('queued')");
        Assert.Equal(RunStatus.PythonError, result.Status);
        Assert.Equal("queued\n", result.Stdout);
        Assert.Equal("ValueError", result.Error!.Type);
        Assert.Equal("in timer", result.Error.Message);
    }

    [Fact]
    public void TimersInASessionRunWithTheCellThatQueuedThem()
    {
        using var session = new PythonSession();
        Assert.Equal("later\n", session.Run("import js\nhits = []\njs.setTimeout(lambda: hits.append(1) or print('later'), 1)").Stdout);
        Assert.Equal("1", session.Run("len(hits)").ValueRepr);
    }
}
