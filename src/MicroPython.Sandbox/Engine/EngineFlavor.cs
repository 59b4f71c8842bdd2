namespace MicroPython.Sandbox.Engine;

/// <summary>
/// One interpreter binary embedded in the library. A package may ship several builds of MicroPython
/// (plain, with ulab, with settrace); each is loaded the same way, named by its resource.
/// </summary>
internal sealed record EngineFlavor(string Name, string ResourceName)
{
    public static readonly EngineFlavor Standard = new("micropython", "MicroPython.Sandbox.Engine.micropython.wasm");

    public Stream OpenBinary() => typeof(EngineFlavor).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"The interpreter binary '{ResourceName}' is not embedded in this build of MicroPython.Sandbox.");

    public byte[] ReadBinary()
    {
        using var stream = OpenBinary();
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
