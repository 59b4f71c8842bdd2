using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wasmtime;

namespace MicroPython.Sandbox.Interop;

/// <summary>
/// Sets Wasmtime's native stack limit for WebAssembly (<c>max_wasm_stack</c>) above its 512 KiB default. Wasmtime refuses
/// a limit larger than its async stack size (2 MiB by default) even when nothing runs asynchronously, and the binding
/// has no setter for that one, so it is set through the C API (<c>wasmtime_config_async_stack_size_set</c>) on the
/// binding's own config handle.
/// </summary>
internal static unsafe class WasmtimeStackConfig
{
    // Fact: Config has an internal property NativeHandle whose getter returns its SafeHandle, of the nested internal
    // type Config.Handle, holding the wasm_config_t* (wasmtime-dotnet src/Config.cs).
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_NativeHandle")]
    [return: UnsafeAccessorType("Wasmtime.Config+Handle, Wasmtime.Dotnet")]
    private static extern object ConfigHandle(Config config);

    /// <summary>Lets WebAssembly on engines made from <paramref name="config"/> use <paramref name="bytes"/> of native stack.</summary>
    public static Config WithWasmStack(this Config config, int bytes)
    {
        SafeHandle handle;
        try
        {
            handle = (SafeHandle)ConfigHandle(config);
        }
        catch (Exception e) when (e is MissingMemberException or TypeLoadException or NotSupportedException)
        {
            throw new NotSupportedException($"The Wasmtime binding has no usable Config.NativeHandle ({e.Message}).", e);
        }
        var setAsyncStack = (delegate* unmanaged<nint, nuint, void>)WasmtimeInternals.Export("wasmtime_config_async_stack_size_set");
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            // The async stack must be at least the WebAssembly stack; nothing here runs asynchronously, so it is
            // never allocated.
            setAsyncStack(handle.DangerousGetHandle(), (nuint)bytes + (64 << 10));
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
        return config.WithMaximumStackSize(bytes);
    }
}
