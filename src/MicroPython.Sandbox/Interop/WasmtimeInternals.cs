using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wasmtime;

namespace MicroPython.Sandbox.Interop;

/// <summary>
/// Everything this library assumes about how the Wasmtime .NET binding (NuGet <c>Wasmtime</c>, assembly
/// <c>Wasmtime.Dotnet</c>) works inside, beyond its public API. Host imports are registered through Wasmtime's C API
/// with one non-generic entry point (see <see cref="Abi.WasmtimeApi"/>), which needs the binding's native linker, the
/// native library it loaded, and the way its stores point back to themselves. Each fact below names the binding
/// source it comes from; the package reference is pinned to the range these were checked against, and
/// <see cref="Verify"/> refuses any other binding with a clear message instead of failing somewhere inside a run.
/// </summary>
internal static unsafe class WasmtimeInternals
{
    /// <summary>The oldest binding these facts were checked against.</summary>
    internal static readonly Version MinimumVersion = new(50, 0, 1);

    /// <summary>The first binding version outside the supported range (the range is [50.0.1, 51)).</summary>
    internal static readonly Version FirstUnsupportedVersion = new(51, 0, 0);

    /// <summary>
    /// Fact: the binding loads its native library under this name (wasmtime-dotnet <c>src/Engine.cs</c>,
    /// <c>Engine.LibraryName = "wasmtime"</c>, used by every <c>[DllImport]</c> of the binding), resolved relative to the
    /// binding's own assembly. Loading it the same way gives the very library instance the binding calls into, so
    /// handles it created are valid here.
    /// </summary>
    private const string NativeLibraryName = "wasmtime";

    /// <summary>Fact: the binding's assembly name (wasmtime-dotnet <c>src/Wasmtime.csproj</c>, <c>AssemblyName</c>).</summary>
    private const string BindingAssembly = "Wasmtime.Dotnet";

    private static readonly Lazy<nint> Library = new(() =>
    {
        try
        {
            return NativeLibrary.Load(NativeLibraryName, typeof(Wasmtime.Engine).Assembly, null);
        }
        catch (DllNotFoundException e)
        {
            throw Unsupported($"its native library '{NativeLibraryName}' could not be loaded ({e.Message})");
        }
    });

    private static int _verified;

    /// <summary>The version of the binding this process loaded.</summary>
    internal static Version? BindingVersion => typeof(Wasmtime.Engine).Assembly.GetName().Version;

    /// <summary>
    /// Checks, once per process, every fact that can be checked without an engine: the binding's version is in the
    /// supported range and its native library exports every C API function this library calls. The facts that need
    /// an engine are checked by <see cref="VerifyWithEngine"/> when the first engine loads.
    /// </summary>
    /// <exception cref="NotSupportedException">The binding is outside the supported range or a fact does not hold.</exception>
    public static void Verify()
    {
        if (Volatile.Read(ref _verified) != 0) return;
        CheckVersion(BindingVersion);
        try
        {
            Abi.WasmtimeApi.EnsureLoaded();
        }
        catch (TypeInitializationException e) when (e.InnerException is NotSupportedException unsupported)
        {
            throw unsupported;
        }
        Volatile.Write(ref _verified, 1);
    }

    /// <summary>Throws unless <paramref name="found"/> is in the supported range, [50.0.1, 51).</summary>
    /// <exception cref="NotSupportedException"><paramref name="found"/> is outside the range (or unknown).</exception>
    internal static void CheckVersion(Version? found)
    {
        // An assembly version has four parts (50.0.1.0); compare the first three only.
        var normalized = found is null ? null : new Version(found.Major, found.Minor, Math.Max(found.Build, 0));
        if (normalized is null || normalized < MinimumVersion || normalized >= FirstUnsupportedVersion)
            throw new NotSupportedException(
                $"{LibraryDescription} needs the Wasmtime binding (NuGet package Wasmtime) {MinimumVersion.Major}.x, " +
                $"at least {MinimumVersion}; found {normalized?.ToString() ?? "an unknown version"}. " +
                $"Reference Wasmtime version [{MinimumVersion},{FirstUnsupportedVersion.Major}) in the application.");
    }

    private static string LibraryDescription =>
        typeof(WasmtimeInternals).Assembly.GetName().Version is { } v ? $"MicroPython.Sandbox {v.Major}.{v.Minor}" : "MicroPython.Sandbox";

    private static NotSupportedException Unsupported(string what) =>
        new($"{LibraryDescription} cannot use the Wasmtime binding {BindingVersion?.ToString(3) ?? "(unknown version)"} it found: {what}. " +
            $"It supports binding versions [{MinimumVersion},{FirstUnsupportedVersion.Major}).");

    /// <summary>
    /// An export of the binding's native library, Wasmtime's C API (<c>wasmtime.h</c> and <c>wasm.h</c>, shipped in the
    /// same package).
    /// </summary>
    public static nint Export(string name) =>
        NativeLibrary.TryGetExport(Library.Value, name, out nint address)
            ? address
            : throw Unsupported($"its native library does not export {name}");

    // Fact: Engine has an internal property NativeHandle whose getter returns its SafeHandle, of the nested internal
    // type Engine.Handle, holding the wasm_engine_t* (wasmtime-dotnet src/Engine.cs).
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_NativeHandle")]
    [return: UnsafeAccessorType("Wasmtime.Engine+Handle, " + BindingAssembly)]
    private static extern object EngineHandle(Wasmtime.Engine engine);

    // Fact: Config has an internal property NativeHandle whose getter returns its SafeHandle, of the nested internal
    // type Config.Handle, holding the wasm_config_t* (wasmtime-dotnet src/Config.cs).
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_NativeHandle")]
    [return: UnsafeAccessorType("Wasmtime.Config+Handle, " + BindingAssembly)]
    private static extern object ConfigHandle(Config config);

    /// <summary>
    /// Lets WebAssembly on engines made from <paramref name="config"/> use <paramref name="bytes"/> of native stack
    /// (<c>max_wasm_stack</c>, 512 KiB by default). Wasmtime refuses a limit larger than its async stack size (2 MiB by
    /// default) even when nothing runs asynchronously, and the binding has no setter for that one, so it is set through
    /// the C API (<c>wasmtime_config_async_stack_size_set</c>) on the binding's own config handle.
    /// </summary>
    /// <exception cref="NotSupportedException">The binding's config handle is not where the fact above says.</exception>
    public static Config WithWasmStack(this Config config, int bytes)
    {
        SafeHandle handle;
        try
        {
            handle = (SafeHandle)ConfigHandle(config);
        }
        catch (Exception e) when (e is MissingMemberException or TypeLoadException or InvalidCastException)
        {
            throw Unsupported($"its Config has no usable NativeHandle ({e.Message})");
        }
        var setAsyncStack = (delegate* unmanaged<nint, nuint, void>)Export("wasmtime_config_async_stack_size_set");
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            // At least the WebAssembly stack; nothing here runs asynchronously, so it is never allocated.
            setAsyncStack(handle.DangerousGetHandle(), (nuint)bytes + (64 << 10));
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
        return config.WithMaximumStackSize(bytes);
    }

    // Fact: Store has an internal property NativeHandle whose getter returns its SafeHandle, of the nested internal
    // type Store.Handle, holding the wasmtime_store_t* (wasmtime-dotnet src/Store.cs). Used only to check the store
    // data fact below.
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_NativeHandle")]
    [return: UnsafeAccessorType("Wasmtime.Store+Handle, " + BindingAssembly)]
    private static extern object StoreHandle(Store store);

    // Fact: Linker has an internal constructor taking a wasmtime_linker_t* it then owns and deletes on Dispose (the one
    // Linker.Clone uses; wasmtime-dotnet src/Linker.cs). Linker's native handle itself sits in a private field of an
    // internal type, which an [UnsafeAccessor] field accessor cannot name in .NET 10 ([UnsafeAccessorType] is refused
    // on field accessors), so the linker is created here from a native pointer this library holds instead.
    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern Linker NewLinker(nint nativeLinker);

    /// <summary>The native linker behind each linker made by <see cref="CreateLinker"/> (valid while the linker lives).</summary>
    private static readonly ConditionalWeakTable<Linker, StrongBox<nint>> NativeLinkers = new();

    /// <summary>
    /// A new, empty linker for <paramref name="engine"/> whose native <c>wasmtime_linker_t*</c> this library knows, so
    /// host functions can be defined on it through the C API (<see cref="NativeLinkerOf"/>).
    /// </summary>
    public static Linker CreateLinker(Wasmtime.Engine engine)
    {
        var linkerNew = (delegate* unmanaged<nint, nint>)Export("wasmtime_linker_new");
        var engineHandle = (SafeHandle)Bound(() => EngineHandle(engine), "Engine.NativeHandle");
        bool added = false;
        nint native;
        try
        {
            engineHandle.DangerousAddRef(ref added);
            native = linkerNew(engineHandle.DangerousGetHandle());
        }
        finally
        {
            if (added) engineHandle.DangerousRelease();
        }
        if (native == 0) throw new InvalidOperationException("Wasmtime could not create a linker.");
        Linker linker;
        try
        {
            linker = Bound(() => NewLinker(native), "the Linker(IntPtr) constructor");
        }
        catch
        {
            ((delegate* unmanaged<nint, void>)Export("wasmtime_linker_delete"))(native);
            throw;
        }
        NativeLinkers.Add(linker, new StrongBox<nint>(native));
        return linker;
    }

    /// <summary>The native linker of a linker made by <see cref="CreateLinker"/>; keep the linker alive while using it.</summary>
    public static nint NativeLinkerOf(Linker linker) =>
        NativeLinkers.TryGetValue(linker, out var native)
            ? native.Value
            : throw new InvalidOperationException("Host functions can only be defined on a linker made by WasmtimeInternals.CreateLinker.");

    /// <summary>
    /// Fact: a store's context data (<c>wasmtime_context_get_data</c>) is a weak <see cref="GCHandle"/> to the binding's
    /// <see cref="Store"/> object, allocated in the <c>Store</c> constructor and passed to <c>wasmtime_store_new</c>
    /// (wasmtime-dotnet src/Store.cs). The <see cref="Store"/>, or null when the data is not such a handle's target.
    /// </summary>
    public static Store? StoreFromData(nint data) => data == 0 ? null : GCHandle.FromIntPtr(data).Target as Store;

    /// <summary>
    /// Checks the facts that need an engine, once per process, on <paramref name="engine"/>: a store's context data
    /// leads back to the <see cref="Store"/> (<see cref="StoreFromData"/>), and the accessors above bind.
    /// </summary>
    /// <exception cref="NotSupportedException">A fact does not hold.</exception>
    public static void VerifyWithEngine(Wasmtime.Engine engine)
    {
        if (Volatile.Read(ref _verifiedWithEngine) != 0) return;
        var storeContext = (delegate* unmanaged<nint, nint>)Export("wasmtime_store_context");
        var contextData = (delegate* unmanaged<nint, nint>)Export("wasmtime_context_get_data");
        using (var store = new Store(engine))
        {
            var handle = (SafeHandle)Bound(() => StoreHandle(store), "Store.NativeHandle");
            bool added = false;
            nint data;
            try
            {
                handle.DangerousAddRef(ref added);
                data = contextData(storeContext(handle.DangerousGetHandle()));
            }
            finally
            {
                if (added) handle.DangerousRelease();
            }
            if (!ReferenceEquals(StoreFromData(data), store))
                throw Unsupported("a store's context data does not lead back to its Store");
        }
        using (CreateLinker(engine)) { }
        Volatile.Write(ref _verifiedWithEngine, 1);
    }

    private static int _verifiedWithEngine;

    /// <summary>Calls an accessor, turning a member the binding no longer has into <see cref="NotSupportedException"/>.</summary>
    private static T Bound<T>(Func<T> access, string member)
    {
        try
        {
            return access();
        }
        catch (Exception e) when (e is MissingMemberException or TypeLoadException or NotSupportedException)
        {
            throw Unsupported($"it has no usable {member} ({e.Message})");
        }
    }

    /// <summary>
    /// Fact: when every slot of Wasmtime's pooling allocator is taken, instantiation fails with
    /// "maximum concurrent limit of N for core instances|memories|tables reached" (Wasmtime's
    /// <c>PoolConcurrencyLimitError</c>, surfaced by the binding as <see cref="WasmtimeException"/> from
    /// <c>Linker.Instantiate</c>). Any other failure is real and must not be retried elsewhere.
    /// </summary>
    public static bool IsPoolExhausted(WasmtimeException exception) =>
        exception.Message.StartsWith("maximum concurrent limit of ", StringComparison.Ordinal)
        && exception.Message.Contains(" reached", StringComparison.Ordinal);
}
