namespace MicroPython.Sandbox.Tests;

/// <summary>Every run starts from nothing, and concurrent runs do not see each other.</summary>
public class IsolationTests
{
    [Fact]
    public void NothingCarriesOverBetweenRuns()
    {
        var first = PythonSandbox.Run("import sys, builtins, collections\nsecret = 42\nsys.path.append('/leak')\nbuiltins.leak = 1\ncollections.leak = 2\nclass C: pass");
        Assert.Equal(RunStatus.Completed, first.Status);

        var second = PythonSandbox.Run("import sys, builtins, collections\nprint('secret' in globals(), '/leak' in sys.path, hasattr(builtins, 'leak'), hasattr(collections, 'leak'), 'C' in globals())");
        Assert.Equal("False False False False False\n", second.Stdout);
    }

    [Fact]
    public void ParallelRunsOnEightThreadsAreIndependent()
    {
        const int threads = 8, runsPerThread = 50;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (int i = 0; i < runsPerThread; i++)
            {
                long expected = (long)t * 1_000_003 + i * i;
                var result = PythonSandbox.Run($"x = {t} * 1_000_003\nfor _ in range({i}):\n    x += {i}\nprint(x)");
                if (result.Status != RunStatus.Completed || result.Stdout != $"{expected}\n")
                    failures.Add($"thread {t} run {i}: {result.Status} '{result.Stdout}' expected {expected}");
            }
        });
        Assert.Empty(failures);
    }

    [Fact]
    public void NoFileSystemOrNetworkFromTheHost()
    {
        const string code = """
            results = []
            for path in ['/etc/passwd', '/proc/self/environ', '../../etc/hostname', 'C:\\Windows\\win.ini']:
                try:
                    open(path).read()
                    results.append('READ ' + path)
                except OSError as e:
                    results.append(type(e).__name__)
            for name in ['socket', 'subprocess', 'ctypes', 'ffi']:
                try:
                    __import__(name)
                    results.append('IMPORTED ' + name)
                except ImportError:
                    results.append('ImportError')
            import os
            results.append(hasattr(os, 'environ') or hasattr(os, 'getenv') or hasattr(os, 'system'))
            print(results)
            """;
        var result = PythonSandbox.Run(code);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("['FileNotFoundError', 'FileNotFoundError', 'FileNotFoundError', 'FileNotFoundError', 'ImportError', 'ImportError', 'ImportError', 'ImportError', False]\n", result.Stdout);
    }

    [Fact]
    public void TheJsBridgeReachesNothingOnTheHost()
    {
        const string code = """
            import js
            for name in ['process', 'require', 'globalThis', 'eval', 'fetch']:
                try:
                    getattr(js, name)
                    print('FOUND', name)
                except AttributeError:
                    pass
            print('contained')
            """;
        var result = PythonSandbox.Run(code);
        Assert.Equal("contained\n", result.Stdout);
    }
}
