using MicroPython.Sandbox.Cli;

namespace MicroPython.Sandbox.UnitTests;

/// <summary>The CLI's --mount and --file specifications.</summary>
public sealed class FileSystemArgumentsTests
{
    [Theory]
    [InlineData("/data:/input", "/data", "/input", false)]
    [InlineData("/data:/input:rw", "/data", "/input", true)]
    [InlineData("/data:/input:ro", "/data", "/input", false)]
    [InlineData(@"C:\data:/input:rw", @"C:\data", "/input", true)]
    [InlineData("./rel dir:/in/deep", "./rel dir", "/in/deep", false)]
    public void ParsesMountSpecs(string spec, string host, string guest, bool writable)
    {
        Assert.True(FileSystemArguments.TryParseMount(spec, out var h, out var g, out bool w));
        Assert.Equal((host, guest, writable), (h, g, w));
    }

    [Theory]
    [InlineData("/data")]
    [InlineData("/data:input")]
    [InlineData(":/input")]
    public void RejectsBadMountSpecs(string spec) => Assert.False(FileSystemArguments.TryParseMount(spec, out _, out _, out _));

    [Fact]
    public void ParsesFileSpecs()
    {
        Assert.True(FileSystemArguments.TryParseFile("/data/in.csv=./local=odd.csv", out var guest, out var host));
        Assert.Equal(("/data/in.csv", "./local=odd.csv"), (guest, host));
        Assert.False(FileSystemArguments.TryParseFile("data.csv=x", out _, out _));
        Assert.False(FileSystemArguments.TryParseFile("/data.csv=", out _, out _));
    }
}
