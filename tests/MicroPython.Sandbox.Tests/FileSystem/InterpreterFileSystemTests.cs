using System.Text;
using MicroPython.Sandbox.FileSystem;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Tests;

/// <summary>One interpreter's filesystem across runs, as sessions keep it, and rolled back with a snapshot.</summary>
public sealed class InterpreterFileSystemTests
{
    [Fact]
    public void FilesPersistAcrossRunsOfOneInterpreterAndRollBackWithASnapshot()
    {
        var options = new SandboxOptions();
        using var interpreter = Interpreter.Create(SandboxRuntime.Shared, metered: false, options.MemoryLimit);
        interpreter.FileSystem = VirtualFileSystem.Create(options);
        RunResult Run(string code)
        {
            var result = interpreter.Execute(Encoding.UTF8.GetBytes(code), options, null, default);
            Assert.True(result.Status == RunStatus.Completed, $"{result.Status}: {result.Error?.Traceback}");
            return result;
        }

        Run("open('/tmp/state.txt', 'w').write('v1')");
        var second = Run("import os\nprint(open('/tmp/state.txt').read(), os.listdir('/tmp'))");
        Assert.Equal("v1 ['state.txt']\n", second.Stdout);
        Assert.Equal(["/tmp/state.txt"], second.Files.Select(f => f.Path));

        var snapshot = interpreter.FileSystem.Snapshot();
        var third = Run("import os\nopen('/tmp/state.txt', 'w').write('v2')\nopen('/tmp/extra.txt', 'w').write('x')\nos.mkdir('/tmp/d')");
        Assert.Equal(["/tmp/extra.txt", "/tmp/state.txt"], third.Files.Select(f => f.Path));
        Assert.Equal("v2", third.Files[1].ReadAllText());

        interpreter.FileSystem.Restore(snapshot);
        var fourth = Run("import os\nprint(open('/tmp/state.txt').read(), sorted(os.listdir('/tmp')))");
        Assert.Equal("v1 ['state.txt']\n", fourth.Stdout);
        Assert.Equal("v2", third.Files[1].ReadAllText()); // earlier results keep their bytes
    }
}
