namespace MicroPython.Sandbox.Tests;

/// <summary>
/// Attempts to leave a read-only mount made in a temporary folder. A secret file sits next to the
/// mounted folder and symbolic links inside the mount point at it; no attempt may read, list, stat,
/// change or create anything outside, and the mounted files must be unchanged afterwards.
/// </summary>
public sealed class MountEscapeTests : IDisposable
{
    private const string Secret = "TOP-SECRET-3f9a";

    private readonly string _base;
    private readonly string _mounted;
    private readonly string _outside;
    private readonly bool _hasLinks;

    public MountEscapeTests()
    {
        _base = Directory.CreateTempSubdirectory("mpsandbox-escape-").FullName;
        _mounted = Path.Combine(_base, "mounted");
        _outside = Path.Combine(_base, "outside");
        Directory.CreateDirectory(Path.Combine(_mounted, "sub", "deeper"));
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_mounted, "data.txt"), "inside");
        File.WriteAllText(Path.Combine(_mounted, "sub", "deeper", "d.txt"), "deep");
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), Secret);
        File.WriteAllText(Path.Combine(_base, "secret.txt"), Secret);
        try
        {
            File.CreateSymbolicLink(Path.Combine(_mounted, "link.txt"), Path.Combine(_outside, "secret.txt"));
            File.CreateSymbolicLink(Path.Combine(_mounted, "relative-link.txt"), "../outside/secret.txt");
            Directory.CreateSymbolicLink(Path.Combine(_mounted, "linkdir"), _outside);
            Directory.CreateSymbolicLink(Path.Combine(_mounted, "sub", "up"), "../..");
            File.CreateSymbolicLink(Path.Combine(_mounted, "inside-link.txt"), Path.Combine(_mounted, "data.txt"));
            File.CreateSymbolicLink(Path.Combine(_mounted, "broken"), Path.Combine(_outside, "does-not-exist"));
            _hasLinks = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _hasLinks = false; // no symlink privilege (Windows without developer mode)
        }
    }

    public void Dispose() => Directory.Delete(_base, recursive: true);

    private RunResult RunMounted(string code, bool writable = false)
    {
        var options = new SandboxOptions();
        options.Mounts.Add(_mounted, "/input", writable);
        var result = PythonSandbox.Run(code, options);
        Assert.True(result.Status is RunStatus.Completed or RunStatus.PythonError, $"{result.Status}: {result.Message}");
        Assert.DoesNotContain(Secret, result.Stdout + result.Stderr + result.Error?.Traceback);
        return result;
    }

    /// <summary>Python that defines <c>attempt(f)</c>: the errno of the OSError <c>f()</c> raises, or 'allowed'.</summary>
    private const string Attempt = """
        import os
        def attempt(f):
            try:
                f()
                return 'allowed'
            except OSError as e:
                return e.errno

        """;

    private string Outcome(string code, bool writable = false)
    {
        var result = RunMounted(code, writable);
        return result.Status == RunStatus.Completed ? result.Stdout.Trim() : $"{result.Error!.Type}: {result.Error.Message}";
    }

    public static TheoryData<string> EscapePaths => new()
    {
        "/input/../secret.txt",
        "/input/../outside/secret.txt",
        "/input/../../secret.txt",
        "/input/sub/../../outside/secret.txt",
        "/input/sub/deeper/../../../outside/secret.txt",
        "/input/./../outside/secret.txt",
        "/input//..//outside//secret.txt",
        "/input/" + string.Concat(Enumerable.Repeat("../", 50)) + "outside/secret.txt",
        "/input/..\\outside\\secret.txt",
        "/input/..\\..\\secret.txt",
        "/input/link.txt",
        "/input/relative-link.txt",
        "/input/linkdir/secret.txt",
        "/input/sub/up/outside/secret.txt",
        "/input/sub/up/secret.txt",
        "/input/linkdir",
        "/../outside/secret.txt",
        "../outside/secret.txt",
        "/input/%2e%2e/outside/secret.txt",
        "/input/\u2025/outside/secret.txt",
        "/input/\uff0e\uff0e/outside/secret.txt",
        "/input/.../outside/secret.txt",
        "/input/. ./outside/secret.txt",
        "/input/.. /outside/secret.txt",
        "/input/../outside/secret.txt\u0000",
        "/input/data.txt/../../outside/secret.txt",
        "/input/broken",
    };

    [Theory]
    [MemberData(nameof(EscapePaths))]
    public void ReadingOutsideTheMountFails(string path)
    {
        // Every way in: open for reading, stat, listdir and chdir followed by a relative read.
        string code = $$"""
            import os
            p = {{PythonLiteral(path)}}
            for f in (lambda: open(p).read(), lambda: open(p, 'rb').read(), lambda: os.stat(p), lambda: os.listdir(p),
                      lambda: (os.chdir(p), os.listdir('.'), open('secret.txt').read())):
                try:
                    r = f()
                    print('reached', r)
                except OSError as e:
                    print('refused', e.errno)
            """;
        var result = RunMounted(code);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.DoesNotContain(Secret, result.Stdout);
        // Outside paths cannot even be stat'ed or listed: nothing but the mount is visible.
        Assert.DoesNotContain("reached", result.Stdout);
    }

    [Fact]
    public void SymlinksAreRefusedWithEacces()
    {
        if (!_hasLinks) return;
        const string code = """
            import os
            for p in ('/input/link.txt', '/input/relative-link.txt', '/input/linkdir', '/input/linkdir/secret.txt',
                      '/input/sub/up', '/input/inside-link.txt'):
                try:
                    os.stat(p)
                    print(p, 'visible')
                except OSError as e:
                    print(e.errno)
            print(sorted(os.listdir('/input')), sorted(os.listdir('/input/sub')))
            """;
        Assert.Equal("13\n13\n13\n13\n13\n13\n['data.txt', 'sub'] ['deeper']", Outcome(code));
    }

    [Fact]
    public void WritesToAReadOnlyMountFailWithErofs()
    {
        const string code = Attempt + """
            print([attempt(f) for f in (
                lambda: open('/input/new.txt', 'w'),
                lambda: open('/input/data.txt', 'w'),
                lambda: open('/input/data.txt', 'a'),
                lambda: open('/input/data.txt', 'r+'),
                lambda: os.mkdir('/input/d'),
                lambda: os.remove('/input/data.txt'),
                lambda: os.rmdir('/input/sub/deeper'),
                lambda: os.rename('/input/data.txt', '/input/x.txt'),
                lambda: os.rename('/input/data.txt', '/tmp/x.txt'),
                lambda: os.rename('/tmp', '/input/tmp'),
                lambda: open('/input/../outside/new.txt', 'w'),
            )])
            """;
        // EROFS (30) for everything inside; the last path resolves to /outside, which does not exist in the guest.
        Assert.Equal("[30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 2]", Outcome(code));
        Assert.Equal("inside", File.ReadAllText(Path.Combine(_mounted, "data.txt")));
        Assert.Equal(["broken", "data.txt", "inside-link.txt", "link.txt", "linkdir", "relative-link.txt", "sub"],
            Directory.GetFileSystemEntries(_mounted).Select(Path.GetFileName).Where(n => _hasLinks || !(n!.Contains("link") || n == "broken")).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(_outside, "new.txt")));
    }

    [Fact]
    public void WritableMountCannotWriteOutsideEither()
    {
        const string code = Attempt + """
            print([attempt(f) for f in (
                lambda: open('/input/../outside/new.txt', 'w'),
                lambda: open('/input/linkdir/new.txt', 'w'),
                lambda: open('/input/link.txt', 'w'),
                lambda: os.rename('/input/data.txt', '/input/../outside/moved.txt'),
                lambda: os.rename('/input/data.txt', '/input/sub/up/moved.txt'),
                lambda: os.remove('/input/link.txt'),
                lambda: os.mkdir('/input/..\\escape'),
                lambda: os.rmdir('/input'),
                lambda: open('/input/broken', 'w').write('x'),
            )])
            """;
        string outcome = Outcome(code, writable: true);
        Assert.DoesNotContain("allowed", outcome);
        Assert.Equal(Secret, File.ReadAllText(Path.Combine(_outside, "secret.txt")));
        Assert.Equal(["secret.txt"], Directory.GetFiles(_outside).Select(Path.GetFileName)); // nothing created through "broken"
        Assert.Equal(["mounted", "outside", "secret.txt"], Directory.GetFileSystemEntries(_base).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(_mounted, "data.txt")));
    }

    [Fact]
    public void ReadOnlyMountReportsReadOnlyModes()
    {
        const string code = "import os\nprint(oct(os.stat('/input')[0]), oct(os.stat('/input/data.txt')[0]))";
        Assert.Equal("0o40555 0o100444", Outcome(code));
    }

    [Fact]
    public void LongAndMalformedNamesAreContained()
    {
        const string code = Attempt + """
            print([attempt(f) for f in (
                lambda: open('/input/' + 'a' * 256),
                lambda: open('/input/' + 'a/' * 2100),
                lambda: open('/input/' + '../' * 5000 + 'secret.txt'),
                lambda: open('x' * 100_000),
                lambda: open(b'/input/\xff\xfe'),
                lambda: open(b'/input/\xc0\xae\xc0\xae/outside/secret.txt'),
                lambda: os.stat(b'/input/\xed\xa0\x80'),
            )])
            """;
        // ENAMETOOLONG (36) for the long ones, EINVAL (22) for bytes that are not UTF-8.
        Assert.Equal("[36, 36, 36, 36, 22, 22, 22]", Outcome(code));
    }

    [Fact]
    public void ListingTheRootShowsOnlyTheVirtualTree()
    {
        const string code = """
            import os
            print(sorted(os.listdir('/')), sorted(os.listdir('/input/..')), sorted(os.listdir('/input/sub/deeper/../../..')))
            os.chdir('/input/sub')
            os.chdir('../../..')
            print(os.getcwd(), sorted(os.listdir()))
            """;
        Assert.Equal("['input', 'tmp'] ['input', 'tmp'] ['input', 'tmp']\n/ ['input', 'tmp']", Outcome(code));
    }

    [Fact]
    public void ImportCannotLoadModulesFromOutside()
    {
        File.WriteAllText(Path.Combine(_outside, "evil.py"), $"print('{Secret}')");
        const string code = """
            import sys
            sys.path.append('/input/../outside')
            sys.path.append('/input/linkdir')
            try:
                import evil
                print('imported')
            except ImportError:
                print('not found')
            """;
        Assert.Equal("not found", Outcome(code));
    }

    [Fact]
    public void FifoInsideTheMountIsRefusedWithoutBlocking()
    {
        if (!OperatingSystem.IsLinux()) return;
        var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(_mounted, "pipe"));
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0) return;
        const string code = """
            for mode in ('r', 'rb'):
                try:
                    open('/input/pipe', mode).read()
                    print('read')
                except OSError as e:
                    print(e.errno)
            """;
        Assert.Equal("13\n13", Outcome(code));
    }

    private static string PythonLiteral(string s)
    {
        var sb = new System.Text.StringBuilder("'");
        foreach (char c in s)
        {
            if (c is '\\' or '\'') sb.Append('\\').Append(c);
            else if (c < 32 || c > 126) sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else sb.Append(c);
        }
        return sb.Append('\'').ToString();
    }
}
