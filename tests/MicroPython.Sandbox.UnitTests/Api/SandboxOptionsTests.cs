using System.Reflection;

namespace MicroPython.Sandbox.UnitTests;

/// <summary>Copying sandbox options: every setting, with files, mounts and network settings independent of the source.</summary>
public class SandboxOptionsTests
{
    [Fact]
    public void ACopyHasEverySettableSettingOfItsSource()
    {
        var source = new SandboxOptions();
        var defaults = new SandboxOptions();
        var settable = typeof(SandboxOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true).ToList();
        Assert.NotEmpty(settable);
        foreach (var property in settable) property.SetValue(source, Different(property.PropertyType, property.GetValue(defaults)));

        var copy = new SandboxOptions(source);

        // A setting added later and left out of the copy fails here by name.
        foreach (var property in settable) Assert.True(Equals(property.GetValue(source), property.GetValue(copy)), property.Name);
    }

    [Fact]
    public void ACopysFilesMountsAndNetworkAreIndependentOfItsSource()
    {
        using var directory = new TempDirectory();
        var source = new SandboxOptions();
        source.Files.Add("/data/a.txt", "a"u8.ToArray());
        source.Network.AllowedOrigins.Add("https://api.example.com");

        var copy = new SandboxOptions(source);
        source.Files.Add("/data/b.txt", "b"u8.ToArray());
        source.Mounts.Add(directory.Path, "/mnt");
        source.Network.AllowedOrigins.Add("https://other.example.com");

        Assert.Equal(["/data/a.txt"], copy.Files.Select(f => f.Path));
        Assert.Empty(copy.Mounts);
        Assert.Equal(["https://api.example.com"], copy.Network.AllowedOrigins);
        Assert.Throws<ArgumentNullException>(() => new SandboxOptions(null!));
    }

    /// <summary>A value of <paramref name="type"/> other than <paramref name="value"/> (the default).</summary>
    private static object Different(Type type, object? value)
    {
        if (Nullable.GetUnderlyingType(type) == typeof(ulong)) return 7UL;
        if (Nullable.GetUnderlyingType(type) == typeof(int)) return 7;
        if (type == typeof(long)) return (long)value! + 1;
        if (type == typeof(int)) return (int)value! + 1;
        if (type == typeof(bool)) return !(bool)value!;
        if (type == typeof(TimeSpan)) return (TimeSpan)value! + TimeSpan.FromSeconds(1);
        if (type == typeof(Stream)) return new MemoryStream();
        throw new InvalidOperationException($"A new setting of type {type}: teach this test a different value for it.");
    }
}
