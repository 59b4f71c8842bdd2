using System.Text;
using MicroPython.Sandbox.FileSystem;

namespace MicroPython.Sandbox.UnitTests;

/// <summary>Snapshots of a sandbox filesystem, as sessions use them to roll back: restore must give back the old tree exactly.</summary>
public sealed class FileSystemSnapshotTests
{
    private const int ReadWriteCreate = VirtualFileSystem.ORdWr | VirtualFileSystem.OCreat;

    private static void Write(VirtualFileSystem fs, string path, string text, int flags = ReadWriteCreate | VirtualFileSystem.OTrunc)
    {
        int fd = fs.Open(path, flags);
        fs.Handle(fd).Write(Encoding.UTF8.GetBytes(text));
        fs.Close(fd);
    }

    /// <summary>Every path below the root with its content (files) or a trailing slash (directories).</summary>
    private static string Tree(VirtualFileSystem fs)
    {
        var lines = new List<string>();
        Walk("/");
        return string.Join("\n", lines);

        void Walk(string dir)
        {
            int fd = fs.Open(dir, VirtualFileSystem.ODirectory);
            var entries = ((DirectoryHandle)fs.Handle(fd)).Entries().Where(e => e.Name is not ("." or "..")).ToList();
            fs.Close(fd);
            foreach (var (name, type, _) in entries)
            {
                string path = dir.TrimEnd('/') + "/" + name;
                if (type == DirectoryHandle.TypeDirectory)
                {
                    lines.Add(path + "/");
                    Walk(path);
                }
                else
                {
                    int f = fs.Open(path, VirtualFileSystem.ORdOnly);
                    var buffer = new byte[1024];
                    int n = fs.Handle(f).Read(buffer);
                    fs.Close(f);
                    lines.Add($"{path} = {Encoding.UTF8.GetString(buffer, 0, n)}");
                }
            }
        }
    }

    private static VirtualFileSystem NewFileSystem(SandboxOptions? options = null) => VirtualFileSystem.Create(options ?? new SandboxOptions());

    [Fact]
    public void RestoreUndoesWritesDeletesRenamesAndDirectories()
    {
        var options = new SandboxOptions();
        options.Files.Add("/data/in.txt", "host");
        var fs = NewFileSystem(options);
        fs.CreateDirectory("/tmp/keep");
        Write(fs, "/tmp/keep/a.txt", "one");
        Write(fs, "/tmp/b.txt", "bee");
        fs.ChangeDirectory("/tmp/keep");
        string before = Tree(fs);
        long usedBefore = fs.UsedBytes;
        int countBefore = fs.FileCount;
        var snapshot = fs.Snapshot();

        Write(fs, "/tmp/keep/a.txt", "changed");
        Write(fs, "/tmp/keep/a.txt", "+more", VirtualFileSystem.OWrOnly | VirtualFileSystem.OAppend);
        fs.Unlink("/tmp/b.txt");
        fs.Rename("/tmp/keep", VirtualFileSystem.AtFdCwd, "/tmp/moved", VirtualFileSystem.AtFdCwd);
        fs.CreateDirectory("/newdir");
        Write(fs, "/newdir/c.txt", "sea");
        fs.ChangeDirectory("/newdir");
        Assert.NotEqual(before, Tree(fs));

        fs.Restore(snapshot);
        Assert.Equal(before, Tree(fs));
        Assert.Equal("/tmp/keep", fs.CurrentDirectory);
        Assert.Equal(usedBefore, fs.UsedBytes);
        Assert.Equal(countBefore, fs.FileCount);

        // The snapshot survives its own restore: change again, restore again.
        fs.Unlink("/tmp/keep/a.txt");
        fs.Restore(snapshot);
        Assert.Equal(before, Tree(fs));
        Assert.Contains("/tmp/keep/a.txt = one", before);
        Assert.Contains("/data/in.txt = host", before);
    }

    [Fact]
    public void SnapshotIsNotChangedByLaterWritesToSharedBytes()
    {
        var fs = NewFileSystem();
        Write(fs, "/tmp/a", "original");
        var snapshot = fs.Snapshot();
        int fd = fs.Open("/tmp/a", VirtualFileSystem.ORdWr);
        fs.Handle(fd).Write("OVERWRITE"u8);
        fs.Close(fd);
        var outputs = fs.WrittenFiles();
        Write(fs, "/tmp/a", "third");
        Assert.Equal("OVERWRITE", outputs.Single().ReadAllText()); // handed-out bytes never change either
        fs.Restore(snapshot);
        Assert.Equal("/tmp/\n/tmp/a = original", Tree(fs));
    }

    [Fact]
    public void OpenDescriptorsAreRestoredWithTheirPositions()
    {
        var fs = NewFileSystem();
        int fd = fs.Open("/tmp/log", ReadWriteCreate);
        fs.Handle(fd).Write("abc"u8);
        var snapshot = fs.Snapshot();
        fs.Handle(fd).Write("def"u8);
        fs.Close(fd);
        fs.Unlink("/tmp/log");

        fs.Restore(snapshot);
        var handle = fs.Handle(fd);
        Assert.Equal(3, handle.Position);
        handle.Write("XYZ"u8);
        handle.Seek(0, OpenFile.SeekSet);
        var buffer = new byte[16];
        Assert.Equal("abcXYZ", Encoding.UTF8.GetString(buffer, 0, handle.Read(buffer)));
    }

    [Fact]
    public void RestoreRejectsForeignObjects()
    {
        var fs = NewFileSystem();
        Assert.Throws<ArgumentException>(() => fs.Restore(new object()));
    }
}
