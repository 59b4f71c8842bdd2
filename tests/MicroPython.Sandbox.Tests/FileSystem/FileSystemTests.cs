using System.Text;

namespace MicroPython.Sandbox.Tests;

/// <summary>The guest's filesystem through real Python: os, open, import, caps, host files and outputs.</summary>
public sealed class FileSystemTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("mpsandbox-fs-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static RunResult RunOk(string code, SandboxOptions? options = null) => PythonSandbox.Run(code, options).ShouldComplete();

    private static string Run(string code, SandboxOptions? options = null) => RunOk(code, options).Stdout;

    [Fact]
    public void DefaultFileSystemIsEmptyApartFromTmp()
    {
        const string code = """
            import os, errno
            print(os.getcwd(), os.listdir('/'), os.listdir('/tmp'))
            for p in ('/etc/passwd', '/proc/self/environ', '/home', 'C:/Windows/win.ini'):
                try:
                    open(p)
                    print('opened', p)
                except OSError as e:
                    print(e.errno == errno.ENOENT)
            """;
        Assert.Equal("/ ['tmp'] []\nTrue\nTrue\nTrue\nTrue\n", Run(code));
    }

    [Fact]
    public void WriteReadAppendSeekAndStat()
    {
        const string code = """
            import os
            with open('/tmp/a.txt', 'w') as f:
                print(f.write('hello\n'), f.write('wörld\n'))
            with open('/tmp/a.txt', 'a') as f:
                f.write('end')
            print(repr(open('/tmp/a.txt').read()))
            with open('/tmp/a.txt', 'rb') as f:
                f.seek(6)
                print(f.read(6), f.tell())
                f.seek(-3, 2)
                print(f.read())
            st = os.stat('/tmp/a.txt')
            print(st[0] & 0o170000 == 0o100000, st[6])
            print(os.stat('/tmp')[0] & 0o170000 == 0o040000)
            with open('/tmp/b.bin', 'w+b') as f:
                f.write(b'\x00\x01\x02')
                f.seek(0)
                print(f.read())
            """;
        Assert.Equal("6 7\n'hello\\nw\\xf6rld\\nend'\nb'w\\xc3\\xb6rld' 12\nb'end'\nTrue 16\nTrue\nb'\\x00\\x01\\x02'\n", Run(code));
    }

    [Fact]
    public void DirectoriesRenameRemoveAndWorkingDirectory()
    {
        const string code = """
            import os
            os.mkdir('/work')
            os.chdir('/work')
            print(os.getcwd())
            open('a.txt', 'w').write('A')
            os.mkdir('sub')
            open('sub/b.txt', 'w').write('B')
            print(sorted(os.listdir()), sorted(os.listdir('sub')))
            print(sorted((n, t) for n, t, *_ in os.ilistdir('.')))
            os.rename('a.txt', 'sub/c.txt')
            print(sorted(os.listdir('/work/sub')), open('/work/sub/c.txt').read())
            os.rename('sub', 'moved')
            print(os.listdir('.'), open('moved/b.txt').read())
            os.remove('moved/b.txt')
            os.remove('moved/c.txt')
            os.rmdir('moved')
            os.chdir('..')
            print(os.getcwd(), os.listdir('/work'))
            """;
        Assert.Equal("/work\n['a.txt', 'sub'] ['b.txt']\n[('a.txt', 32768), ('sub', 16384)]\n['b.txt', 'c.txt'] A\n['moved'] B\n/ []\n", Run(code));
    }

    [Fact]
    public void ErrorsCarryTheErrnoCPythonUses()
    {
        const string code = """
            import os, errno
            def code(f):
                try:
                    f()
                    return 'ok'
                except OSError as e:
                    return errno.errorcode.get(e.errno, e.errno)
            open('/tmp/f', 'w').close()
            os.mkdir('/tmp/d')
            open('/tmp/d/x', 'w').close()
            print(code(lambda: open('/tmp/missing')))
            print(code(lambda: os.mkdir('/tmp/d')))
            print(code(lambda: open('/tmp/f/x')))
            print(code(lambda: open('/tmp/d', 'w')))
            print(code(lambda: os.remove('/tmp/d')))
            print(code(lambda: os.rmdir('/tmp/d')))
            print(code(lambda: os.rmdir('/tmp/f')))
            print(code(lambda: os.listdir('/tmp/f')))
            print(code(lambda: os.chdir('/tmp/f')))
            print(code(lambda: os.rename('/tmp/nothing', '/tmp/g')))
            print(code(lambda: os.stat('/nowhere/x')))
            print(code(lambda: open('/tmp/d')))
            """;
        // ENOTEMPTY (39) and ENOTDIR (20) have no name in MicroPython's errno table; the numbers are CPython's.
        Assert.Equal("ENOENT\nEEXIST\n20\nEISDIR\nEISDIR\n39\n20\n20\n20\nENOENT\nENOENT\nEISDIR\n", Run(code));
    }

    [Fact]
    public void HostFilesAreReadableButReadOnly()
    {
        var options = new SandboxOptions();
        options.Files.Add("/data/input.csv", "a,b\n1,2\n");
        options.Files.Add("/data/raw.bin", new byte[] { 0, 255, 7 });
        options.Files.Add("/data/stream.txt", new MemoryStream(Encoding.UTF8.GetBytes("from a stream")));
        const string code = """
            import os, errno
            print(sorted(os.listdir('/data')))
            print(open('/data/input.csv').read().splitlines())
            print(open('/data/raw.bin', 'rb').read(), open('/data/stream.txt').read())
            print(os.stat('/data/input.csv')[0] & 0o222)
            open('/tmp/x2', 'w').close()
            for f in (lambda: open('/data/input.csv', 'w'), lambda: open('/data/input.csv', 'a'),
                      lambda: open('/data/input.csv', 'r+'), lambda: os.remove('/data/input.csv'),
                      lambda: os.rename('/data/input.csv', '/tmp/x'), lambda: os.rename('/tmp/x2', '/data/input.csv')):
                try:
                    f()
                    print('allowed')
                except OSError as e:
                    print(errno.errorcode.get(e.errno, e.errno))
            print(open('/data/input.csv').read() == 'a,b\n1,2\n')
            """;
        var result = RunOk(code, options);
        Assert.Equal("['input.csv', 'raw.bin', 'stream.txt']\n['a,b', '1,2']\nb'\\x00\\xff\\x07' from a stream\n0\nEACCES\nEACCES\nEACCES\nEACCES\nEACCES\nEACCES\nTrue\n", result.Stdout);
        Assert.Equal(["/tmp/x2"], result.Files.Select(f => f.Path));
    }

    [Fact]
    public void ResultListsTheFilesTheGuestWrote()
    {
        var options = new SandboxOptions();
        options.Files.Add("/data/in.csv", "x\n1\n2\n");
        const string code = """
            import os
            rows = open('/data/in.csv').read().split()[1:]
            with open('/tmp/out.csv', 'w') as f:
                f.write('x,double\n')
                for r in rows:
                    f.write('%s,%d\n' % (r, int(r) * 2))
            open('chart.svg', 'w').write('<svg xmlns="http://www.w3.org/2000/svg"/>')
            open('/tmp/scratch', 'w').write('gone')
            os.remove('/tmp/scratch')
            """;
        var result = RunOk(code, options);
        Assert.Equal(["/chart.svg", "/tmp/out.csv"], result.Files.Select(f => f.Path));
        var csv = result.Files.Single(f => f.Path == "/tmp/out.csv");
        Assert.Equal("x,double\n1,2\n2,4\n", csv.ReadAllText());
        Assert.Equal(csv.Length, csv.ReadAllBytes().Length);
        using var reader = new StreamReader(result.Files[0].OpenRead());
        Assert.StartsWith("<svg", reader.ReadToEnd());
    }

    [Fact]
    public void EachRunGetsAFreshFileSystem()
    {
        RunOk("open('/tmp/leak', 'w').write('x')");
        Assert.Equal("['tmp'] []\n", Run("import os\nprint(os.listdir('/'), os.listdir('/tmp'))"));
    }

    [Fact]
    public void ImportsHelperModulesFromLibAndWorkingDirectory()
    {
        var options = new SandboxOptions();
        options.Files.Add("/lib/helper.py", "def double(x):\n    return 2 * x\n");
        options.Files.Add("/lib/pkg/__init__.py", "NAME = 'pkg'\n");
        options.Files.Add("/lib/pkg/mod.py", "from . import NAME\nVALUE = NAME + '.mod'\n");
        const string code = """
            import helper
            from pkg import mod
            print(helper.double(21), mod.VALUE)
            import os
            os.mkdir('/proj')
            open('/proj/local.py', 'w').write('WHERE = "cwd"\n')
            os.chdir('/proj')
            import local
            print(local.WHERE)
            """;
        Assert.Equal("42 pkg.mod\ncwd\n", Run(code, options));
    }

    [Fact]
    public void TotalBytesCapIsEnospcAndSpaceComesBack()
    {
        var options = new SandboxOptions { MaxFileSystemBytes = 64 * 1024, MaxFileBytes = 1024 * 1024 };
        const string code = """
            import os
            ENOSPC = 28  # not in MicroPython's errno module; CPython's number
            chunk = b'x' * 4096
            n = 0
            try:
                with open('/tmp/a', 'wb') as f:
                    for i in range(100):
                        f.write(chunk)
                        n += 1
            except OSError as e:
                print('full', e.errno == ENOSPC, n, os.stat('/tmp/a')[6])
            try:
                open('/tmp/b', 'wb').write(b'y')
            except OSError as e:
                print('still full', e.errno == ENOSPC)
            os.remove('/tmp/a')
            open('/tmp/b', 'wb').write(chunk * 15)
            print('after remove', os.stat('/tmp/b')[6])
            """;
        Assert.Equal("full True 16 65536\nstill full True\nafter remove 61440\n", Run(code, options));
    }

    [Fact]
    public void SingleFileCapIsEnospc()
    {
        var options = new SandboxOptions { MaxFileBytes = 10_000 };
        const string code = """
            ENOSPC = 28
            f = open('/tmp/a', 'wb')
            f.write(b'a' * 10_000)
            try:
                f.write(b'b')
            except OSError as e:
                print(e.errno == ENOSPC)
            f.seek(20_000)
            try:
                f.write(b'c')
            except OSError as e:
                print(e.errno == ENOSPC)
            f.close()
            open('/tmp/b', 'wb').write(b'z' * 10_000)
            print('ok')
            """;
        Assert.Equal("True\nTrue\nok\n", Run(code, options));
    }

    [Fact]
    public void FileCountCapIsEnospc()
    {
        var options = new SandboxOptions { MaxFiles = 10 };
        const string code = """
            import os
            ENOSPC = 28
            made = 0
            try:
                for i in range(100):
                    if i % 2: os.mkdir('/tmp/d%d' % i)
                    else: open('/tmp/f%d' % i, 'w').close()
                    made += 1
            except OSError as e:
                print(e.errno == ENOSPC, made)
            os.remove('/tmp/f0')
            open('/tmp/again', 'w').close()
            print(len(os.listdir('/tmp')))
            """;
        Assert.Equal("True 10\n10\n", Run(code, options));
    }

    [Fact]
    public void UnlinkedButOpenFileStillCountsAgainstTheCap()
    {
        var options = new SandboxOptions { MaxFileSystemBytes = 8192 };
        const string code = """
            import os
            ENOSPC = 28
            f = open('/tmp/a', 'wb')
            os.remove('/tmp/a')
            try:
                for i in range(100):
                    f.write(b'x' * 1024)
            except OSError as e:
                print(e.errno == ENOSPC, i)
            f.close()
            open('/tmp/b', 'wb').write(b'y' * 8192)
            print('freed')
            """;
        Assert.Equal("True 8\nfreed\n", Run(code, options));
    }

    [Fact]
    public void SeeksPastTheCapsAreRefusedWithoutAllocating()
    {
        File.WriteAllText(Path.Combine(_temp, "keep.txt"), "k");
        var options = new SandboxOptions { MaxFileSystemBytes = 1 << 20, MaxFileBytes = 1 << 20 };
        options.Mounts.Add(_temp, "/w", writable: true);
        const string code = """
            import os
            for p in ('/tmp/a', '/w/a'):
                f = open(p, 'wb')
                out = []
                for off in (2**31 - 1, 2**30, 2**20, 2**20 - 1):
                    try:
                        f.seek(off)
                        f.write(b'x')
                        out.append('ok')
                    except OSError as e:
                        out.append(e.errno)
                try:
                    f.seek(-1)
                except OSError as e:
                    out.append(e.errno)
                f.close()
                print(out, os.stat(p)[6])
            """;
        // The sparse 1 MiB file in the mount used the whole budget for mount writes.
        Assert.Equal("[28, 28, 28, 'ok', 22] 1048576\n[28, 28, 28, 'ok', 22] 1048576\n", Run(code, options));
        var result = PythonSandbox.Run("open('/w/b', 'wb').write(b'more')", options);
        Assert.Equal(RunStatus.Completed, result.Status);
    }

    [Fact]
    public void ErrorNumbersNeverCollideWithTheCLibrarysRetryCodes()
    {
        // The engine's C library reads 27 as EINTR (retry forever) and 6 as EAGAIN: no refusal may use them.
        var numbers = typeof(PythonSandbox).Assembly.GetType("MicroPython.Sandbox.Abi.Errno")!
            .GetFields().Select(f => (int)f.GetValue(null)!).ToList();
        Assert.NotEmpty(numbers);
        Assert.DoesNotContain(27, numbers);
        Assert.DoesNotContain(6, numbers);
    }

    [Fact]
    public void WritableMountWritesToTheHostWithinTheCaps()
    {
        File.WriteAllText(Path.Combine(_temp, "in.txt"), "input");
        var options = new SandboxOptions { MaxFileBytes = 100 };
        options.Mounts.Add(_temp, "/work", writable: true);
        const string code = """
            import os
            ENOSPC, EXDEV = 28, 18
            print(open('/work/in.txt').read())
            os.mkdir('/work/out')
            open('/work/out/result.txt', 'w').write('done')
            os.rename('/work/in.txt', '/work/out/in2.txt')
            try:
                open('/work/big', 'w').write('x' * 101)
            except OSError as e:
                print(e.errno == ENOSPC)
            try:
                os.rename('/work/out/in2.txt', '/tmp/in3.txt')
            except OSError as e:
                print(e.errno == EXDEV)
            print(sorted(os.listdir('/work/out')))
            """;
        Assert.Equal("input\nTrue\nTrue\n['in2.txt', 'result.txt']\n", Run(code, options));
        Assert.Equal("done", File.ReadAllText(Path.Combine(_temp, "out", "result.txt")));
        Assert.False(File.Exists(Path.Combine(_temp, "in.txt")));
    }

    [Fact]
    public void RenamesCannotNestDirectoriesPastThePathLimit()
    {
        var options = new SandboxOptions { MaxFiles = 100_000, Timeout = TimeSpan.FromMinutes(2) };
        const string code = """
            import os
            def chain(top, n):
                os.mkdir(top)
                os.chdir(top)
                for i in range(n):
                    os.mkdir('d')
                    os.chdir('d')
                os.chdir('/')
            chain('/a', 1100)
            chain('/b', 1100)
            deep = '/a' + '/d' * 1100
            try:
                os.rename('/b', deep + '/b')
                print('moved deep')
            except OSError as e:
                print(e.errno)
            os.rename('/b', '/a/b')
            print(os.listdir('/a'))
            """;
        // 1100 + 1100 levels would be reachable by no path of 4096 bytes: ENAMETOOLONG; a shallow move is fine.
        Assert.Equal("36\n['b', 'd']\n", Run(code, options));
    }

    [Fact]
    public void FileCountCapCoversWritableMounts()
    {
        var options = new SandboxOptions { MaxFiles = 3 };
        options.Mounts.Add(_temp, "/w", writable: true);
        const string code = """
            import os
            made = 0
            try:
                for i in range(10):
                    open('/w/f%d' % i, 'w').close()
                    made += 1
            except OSError as e:
                print(e.errno, made)
            """;
        Assert.Equal("28 3\n", Run(code, options));
        Assert.Equal(3, Directory.GetFiles(_temp).Length);
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("/")]
    [InlineData("/a/../b")]
    [InlineData("/a/./b")]
    [InlineData("/a//b")]
    [InlineData("/a\0b")]
    [InlineData("")]
    public void BadGuestPathsAreRejected(string path)
    {
        var options = new SandboxOptions();
        Assert.ThrowsAny<ArgumentException>(() => options.Files.Add(path, "x"));
        Assert.ThrowsAny<ArgumentException>(() => options.Mounts.Add(_temp, path));
    }

    [Fact]
    public void OptionValidation()
    {
        var options = new SandboxOptions();
        Assert.Throws<ArgumentException>(() => options.Mounts.Add(Path.Combine(_temp, "missing"), "/in"));
        Assert.Throws<ArgumentException>(() => options.Files.Add("/lib/" + new string('a', 256) + ".py", "x"));
        options.Files.Add("/data/a", "x");
        Assert.Throws<ArgumentException>(() => options.Files.Add("/data/a", "y"));
        options.Mounts.Add(_temp, "/in");
        Assert.Throws<ArgumentException>(() => options.Mounts.Add(_temp, "/in/nested"));

        // A file below a mount, or a file where a directory is needed, is a conflict found when the sandbox starts.
        var conflicting = new SandboxOptions();
        conflicting.Mounts.Add(_temp, "/in");
        conflicting.Files.Add("/in/x.txt", "x");
        Assert.Throws<ArgumentException>(() => PythonSandbox.Run("pass", conflicting));
        var fileAsDirectory = new SandboxOptions();
        fileAsDirectory.Files.Add("/a", "x").Add("/a/b", "y");
        Assert.Throws<ArgumentException>(() => PythonSandbox.Run("pass", fileAsDirectory));

        // A mount whose directory disappeared before the run.
        string gone = Path.Combine(_temp, "gone");
        Directory.CreateDirectory(gone);
        var stale = new SandboxOptions();
        stale.Mounts.Add(gone, "/gone");
        Directory.Delete(gone);
        Assert.Throws<ArgumentException>(() => PythonSandbox.Run("pass", stale));

        Assert.Throws<ArgumentOutOfRangeException>(() => PythonSandbox.Run("pass", new SandboxOptions { MaxFileSystemBytes = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PythonSandbox.Run("pass", new SandboxOptions { MaxFiles = -1 }));
    }

    [Fact]
    public void MountCanReplaceTmp()
    {
        File.WriteAllText(Path.Combine(_temp, "t.txt"), "tmp from host");
        var options = new SandboxOptions();
        options.Mounts.Add(_temp, "/tmp", writable: true);
        Assert.Equal("tmp from host\n", Run("print(open('/tmp/t.txt').read())", options));
    }
}
