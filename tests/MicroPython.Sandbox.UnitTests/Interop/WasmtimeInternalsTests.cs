using MicroPython.Sandbox.Interop;

namespace MicroPython.Sandbox.UnitTests;

/// <summary>The facts about the Wasmtime binding's internals, and the version range they were checked against.</summary>
public class WasmtimeInternalsTests
{
    [Fact]
    public void TheLoadedBindingPassesVerification()
    {
        WasmtimeInternals.Verify();
        using var engine = new Wasmtime.Engine();
        WasmtimeInternals.VerifyWithEngine(engine);
        using var linker = WasmtimeInternals.CreateLinker(engine);
        Assert.NotEqual(0, WasmtimeInternals.NativeLinkerOf(linker));
    }

    [Theory]
    [InlineData("50.0.1.0")]
    [InlineData("50.0.2.0")]
    [InlineData("50.1.0.0")]
    public void BindingVersionsInTheRangeAreAccepted(string version) => WasmtimeInternals.CheckVersion(Version.Parse(version));

    [Theory]
    [InlineData("49.0.0.0")]
    [InlineData("50.0.0.0")]
    [InlineData("51.0.0.0")]
    [InlineData("52.1.0.0")]
    public void BindingVersionsOutsideTheRangeAreRefusedWithTheRangeNamed(string version)
    {
        var refused = Assert.Throws<NotSupportedException>(() => WasmtimeInternals.CheckVersion(Version.Parse(version)));
        Assert.Contains("MicroPython.Sandbox", refused.Message);
        Assert.Contains("50.0.1", refused.Message);
        Assert.Contains(Version.Parse(version).ToString(3), refused.Message);
    }

    [Fact]
    public void AnUnknownBindingVersionIsRefused() =>
        Assert.Throws<NotSupportedException>(() => WasmtimeInternals.CheckVersion(null));

    [Fact]
    public void ALinkerTheLibraryDidNotCreateHasNoKnownNativeHandle()
    {
        using var engine = new Wasmtime.Engine();
        using var linker = new Wasmtime.Linker(engine);
        Assert.Throws<InvalidOperationException>(() => WasmtimeInternals.NativeLinkerOf(linker));
    }
}
