namespace MicroPython.Sandbox.UnitTests;

/// <summary>A runtime's options: their defaults and the values a runtime refuses before it loads anything.</summary>
public class SandboxRuntimeOptionsTests
{
    [Fact]
    public void OptionsOutOfRangeAreRefusedWhenTheRuntimeIsCreated()
    {
        Assert.Throws<ArgumentNullException>(() => new SandboxRuntime(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SandboxRuntime(new SandboxRuntimeOptions { PoolSize = SandboxRuntimeOptions.MaximumPoolSize + 1 }));
        Assert.Throws<ArgumentException>(() => new SandboxRuntime(new SandboxRuntimeOptions { CacheDirectory = "  " }));
        Assert.Throws<ArgumentException>(() => new SandboxRuntime(new SandboxRuntimeOptions { CacheDirectory = "bad\0path" }));
    }

    [Fact]
    public void DefaultOptionsPoolRecycleUseTheImageAndAPerUserCache()
    {
        var options = new SandboxRuntimeOptions();
        Assert.Equal(1024, options.PoolSize);
        Assert.True(options.RecycleInterpreters);
        Assert.True(options.UseStartupImage);
        Assert.Equal(SandboxRuntimeOptions.DefaultCacheDirectory, options.CacheDirectory);
        string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        if (!string.IsNullOrEmpty(root)) Assert.StartsWith(root, SandboxRuntimeOptions.DefaultCacheDirectory);
        Assert.Equal(options, SandboxRuntime.Shared.Options);
    }
}
