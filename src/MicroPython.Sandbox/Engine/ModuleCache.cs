using System.Runtime.InteropServices;
using Wasmtime;

namespace MicroPython.Sandbox.Engine;

/// <summary>
/// Caches compiled modules on disk (Wasmtime serialization) so compilation is paid once per machine.
/// The file name is a hash of the wasm, the engine configuration, the Wasmtime binding's build and the
/// platform, so a change to any of them compiles afresh. Files are written to a temporary name and
/// renamed into place, so processes starting together never read a partial file; a file that fails to
/// load is compiled again and replaced.
/// </summary>
internal static class ModuleCache
{
    /// <summary>A folder of the user's own under local application data (the temporary folder where there is none).</summary>
    public static string DefaultDirectory
    {
        get
        {
            var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
            if (string.IsNullOrEmpty(root)) root = Path.GetTempPath();
            return Path.Combine(root, "MicroPython.Sandbox", "modules");
        }
    }

    /// <summary>Loads the module from the cache folder, or compiles and stores it. A null folder disables the cache.</summary>
    public static Module Load(Wasmtime.Engine engine, string name, ReadOnlySpan<byte> wasm, string configuration, string? directory)
    {
        if (TryLoad(engine, name, wasm, configuration, directory) is { } cached) return cached;
        var module = Module.FromBytes(engine, name, wasm);
        if (directory is not null) TryStore(PathFor(directory, name, wasm, configuration), module);
        return module;
    }

    /// <summary>
    /// Loads a module whose binary is costly to produce: the cache is keyed by <paramref name="keySource"/> (the
    /// inputs that determine the binary), and <paramref name="build"/> runs only when the cache has no entry.
    /// </summary>
    public static Module Load(Wasmtime.Engine engine, string name, ReadOnlySpan<byte> keySource, Func<byte[]> build, string configuration, string? directory)
    {
        if (TryLoad(engine, name, keySource, configuration, directory) is { } cached) return cached;
        var module = Module.FromBytes(engine, name, build());
        if (directory is not null) TryStore(PathFor(directory, name, keySource, configuration), module);
        return module;
    }

    /// <summary>The cached module for <paramref name="keySource"/>, or null when the cache has no usable entry.</summary>
    public static Module? TryLoad(Wasmtime.Engine engine, string name, ReadOnlySpan<byte> keySource, string configuration, string? directory)
    {
        if (directory is null) return null;
        string path = PathFor(directory, name, keySource, configuration);
        try
        {
            return Module.DeserializeFile(engine, name, path);
        }
        catch (Exception e) when (e is WasmtimeException or IOException or UnauthorizedAccessException)
        {
            return null; // corrupt or incompatible: the caller builds it again and replaces it
        }
    }

    private static void TryStore(string path, Module module)
    {
        string temp = path + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var directory = Path.GetDirectoryName(path)!;
            if (!Directory.Exists(directory))
            {
                if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
                else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            File.WriteAllBytes(temp, module.Serialize());
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WasmtimeException)
        {
            // A read-only or full disk only costs the next process a compilation.
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string PathFor(string directory, string name, ReadOnlySpan<byte> keySource, string configuration) =>
        Path.Combine(directory, $"{name}-{Key(keySource, configuration)}.cwasm");

    /// <summary>
    /// A 64-bit FNV-1a hash of the key's inputs. A non-cryptographic hash is enough: the folder is the user's own,
    /// and a file that does not match its engine is refused by Wasmtime and rebuilt. Hashing here rather than with a
    /// library keeps the first engine load free of loading and initializing one (measured at 3-5 ms).
    /// </summary>
    private static string Key(ReadOnlySpan<byte> wasm, string configuration)
    {
        const ulong offsetBasis = 14695981039346656037, prime = 1099511628211;
        ulong hash = offsetBasis;
        void Add(ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes) hash = (hash ^ b) * prime;
            hash = (hash ^ 0xFF) * prime; // separator, so that inputs cannot run into each other
        }
        Span<byte> id = stackalloc byte[16];
        Add(wasm);
        Add(MemoryMarshal.AsBytes(configuration.AsSpan()));
        typeof(Wasmtime.Engine).Module.ModuleVersionId.TryWriteBytes(id); // the binding build, and so the native library it ships
        Add(id);
        Add(MemoryMarshal.AsBytes(RuntimeInformation.RuntimeIdentifier.AsSpan()));
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
