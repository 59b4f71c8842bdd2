namespace MicroPython.Sandbox.Tests;

/// <summary>A session's files persist across its runs and roll back with a run that hits a limit.</summary>
public class SessionFileSystemTests
{
    [Fact]
    public void FilesPersistAcrossRunsAndRollBackWithAFailedRun()
    {
        var options = new SandboxOptions { Timeout = TimeSpan.FromMilliseconds(300) };
        options.Files.Add("/data/input.csv", "a,b\n1,2\n");
        using var session = new PythonSession(options);

        Assert.True(session.Run("rows = open('/data/input.csv').read().splitlines()\nwith open('/tmp/out.csv', 'w') as f:\n    f.write('sum\\n3\\n')").IsSuccess);
        Assert.Equal("'sum\\n3\\n'", session.Run("open('/tmp/out.csv').read()").ValueRepr);

        // A run that deletes the file, writes another and then times out leaves no trace.
        var failed = session.Run("import os\nos.remove('/tmp/out.csv')\nopen('/tmp/junk.txt', 'w').write('x')\nwhile True:\n    pass");
        Assert.Equal(RunStatus.TimeLimitExceeded, failed.Status);
        Assert.True(failed.RolledBack);

        var after = session.Run("import os\nsorted(os.listdir('/tmp'))");
        Assert.Equal("['out.csv']", after.ValueRepr);
        var file = Assert.Single(session.GetFiles());
        Assert.Equal("/tmp/out.csv", file.Path);
        Assert.Equal("sum\n3\n", System.Text.Encoding.UTF8.GetString(file.Content.Span));

        // Reset gives an empty filesystem again (host-provided files stay).
        session.Reset();
        Assert.Empty(session.GetFiles());
        Assert.Equal("True", session.Run("import os\n'input.csv' in os.listdir('/data')").ValueRepr);
    }
}
