namespace MicroPython.Sandbox.TestKit;

/// <summary>A fresh folder under the system's temporary folder, deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the folder; <paramref name="prefix"/> names it, so a folder left by a crashed run says whose it is.</summary>
    public TempDirectory(string prefix = "mpsandbox-test-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder (nothing is created).</summary>
    public string this[params string[] parts] => System.IO.Path.Combine([Path, .. parts]);

    public static implicit operator string(TempDirectory directory) => directory.Path;

    public override string ToString() => Path;

    public void Dispose()
    {
        // A process a test started may still hold a file for a moment (Windows); a leftover folder must not fail the test.
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
