namespace MicroPython.Sandbox.TestKit;

/// <summary>Where the checkout is, for tests that build or read its files (the README, the CLI project).</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding MicroPython.Sandbox.slnx, found above the test assembly.</summary>
    public static string Root => RootPath.Value;

    /// <summary>A path below <see cref="Root"/>.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MicroPython.Sandbox.slnx"))) root = root.Parent;
        Assert.True(root is not null, "The repository root was not found above the test assembly.");
        return root.FullName;
    }
}
