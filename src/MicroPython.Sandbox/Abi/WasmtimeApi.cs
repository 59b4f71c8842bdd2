using System.Runtime.InteropServices;
using MicroPython.Sandbox.Interop;
using Wasmtime;

namespace MicroPython.Sandbox.Abi;

/// <summary>
/// The few functions of Wasmtime's C API that host imports are registered and served through, called by
/// function pointer from the native library the Wasmtime binding has already loaded. The binding's typed
/// callbacks are generic over each signature, and compiling them took more time at start-up than the rest of
/// the engine load together; here every import shares one non-generic entry point. What this needs to know about
/// the binding's internals (its native library, its linker, its stores) comes from <see cref="WasmtimeInternals"/>.
/// </summary>
internal static unsafe class WasmtimeApi
{
    private const byte I32 = 0, I64 = 1, F32 = 2, F64 = 3; // wasm_valkind_t

    private static readonly delegate* unmanaged<nint, byte*, nuint, byte*, nuint, nint, delegate* unmanaged<nint, nint, RawValue*, nuint, nint>, nint, nint, nint> DefineFuncUnchecked;
    private static readonly delegate* unmanaged<byte, nint> ValTypeNew;
    private static readonly delegate* unmanaged<ValTypeVector*, nuint, nint*, void> ValTypeVectorNew;
    private static readonly delegate* unmanaged<ValTypeVector*, ValTypeVector*, nint> FuncTypeNew;
    private static readonly delegate* unmanaged<nint, void> FuncTypeDelete;
    private static readonly delegate* unmanaged<nint, ByteVector*, void> ErrorMessage;
    private static readonly delegate* unmanaged<nint, void> ErrorDelete;
    private static readonly delegate* unmanaged<ByteVector*, void> ByteVectorDelete;
    private static readonly delegate* unmanaged[SuppressGCTransition]<nint, nint> CallerContext;
    private static readonly delegate* unmanaged[SuppressGCTransition]<nint, nint> ContextGetData;
    private static readonly delegate* unmanaged<byte*, nuint, nint> TrapNew;

    static WasmtimeApi()
    {
        // The same library instance the binding's own calls resolve to.
        static nint Export(string name) => WasmtimeInternals.Export(name);
        DefineFuncUnchecked = (delegate* unmanaged<nint, byte*, nuint, byte*, nuint, nint, delegate* unmanaged<nint, nint, RawValue*, nuint, nint>, nint, nint, nint>)Export("wasmtime_linker_define_func_unchecked");
        ValTypeNew = (delegate* unmanaged<byte, nint>)Export("wasm_valtype_new");
        ValTypeVectorNew = (delegate* unmanaged<ValTypeVector*, nuint, nint*, void>)Export("wasm_valtype_vec_new");
        FuncTypeNew = (delegate* unmanaged<ValTypeVector*, ValTypeVector*, nint>)Export("wasm_functype_new");
        FuncTypeDelete = (delegate* unmanaged<nint, void>)Export("wasm_functype_delete");
        ErrorMessage = (delegate* unmanaged<nint, ByteVector*, void>)Export("wasmtime_error_message");
        ErrorDelete = (delegate* unmanaged<nint, void>)Export("wasmtime_error_delete");
        ByteVectorDelete = (delegate* unmanaged<ByteVector*, void>)Export("wasm_byte_vec_delete");
        CallerContext = (delegate* unmanaged[SuppressGCTransition]<nint, nint>)Export("wasmtime_caller_context");
        ContextGetData = (delegate* unmanaged[SuppressGCTransition]<nint, nint>)Export("wasmtime_context_get_data");
        TrapNew = (delegate* unmanaged<byte*, nuint, nint>)Export("wasmtime_trap_new");
    }

    /// <summary>Resolves every C API function now (the static constructor), so a missing one is reported up front.</summary>
    public static void EnsureLoaded() { }

    /// <summary>
    /// Defines each of <paramref name="imports"/> in <paramref name="linker"/> for every store; calls to import
    /// <c>i</c> go to <paramref name="callback"/> with <c>i</c> as its first argument.
    /// </summary>
    public static void DefineFunctions(Linker linker, IReadOnlyList<HostImport> imports, delegate* unmanaged<nint, nint, RawValue*, nuint, nint> callback)
    {
        nint native = WasmtimeInternals.NativeLinkerOf(linker);
        for (int i = 0; i < imports.Count; i++) Define(native, imports[i], callback, i);
        GC.KeepAlive(linker); // it owns the native linker
    }

    private static void Define(nint linker, HostImport import, delegate* unmanaged<nint, nint, RawValue*, nuint, nint> callback, nint token)
    {
        nint type = FunctionType(import.Parameters, import.Results);
        try
        {
            Span<byte> moduleBytes = stackalloc byte[import.Module.Length * 3];
            Span<byte> nameBytes = stackalloc byte[import.Name.Length * 3];
            int moduleLength = System.Text.Encoding.UTF8.GetBytes(import.Module, moduleBytes);
            int nameLength = System.Text.Encoding.UTF8.GetBytes(import.Name, nameBytes);
            nint error;
            fixed (byte* m = moduleBytes)
            fixed (byte* n = nameBytes)
                error = DefineFuncUnchecked(linker, m, (nuint)moduleLength, n, (nuint)nameLength, type, callback, token, 0);
            if (error != 0) throw new WasmtimeException($"Defining {import.Module}.{import.Name} failed: {TakeErrorMessage(error)}");
        }
        finally
        {
            FuncTypeDelete(type);
        }
    }

    /// <summary>The binding's <see cref="Store"/> a host import was called from (see <see cref="WasmtimeInternals.StoreFromData"/>).</summary>
    public static Store StoreOf(nint caller) =>
        WasmtimeInternals.StoreFromData(ContextGetData(CallerContext(caller)))
            ?? throw new InvalidOperationException("A host import was called from a store the Wasmtime binding did not create.");

    /// <summary>A trap carrying <paramref name="message"/>, returned from a host import to stop the guest.</summary>
    public static nint NewTrap(string message)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(message);
        fixed (byte* p = bytes) return TrapNew(p, (nuint)bytes.Length);
    }

    private static nint FunctionType(string parameters, string results)
    {
        var p = ValTypes(parameters);
        var r = ValTypes(results);
        return FuncTypeNew(&p, &r); // takes both vectors
    }

    private static ValTypeVector ValTypes(string letters)
    {
        nint* types = stackalloc nint[letters.Length];
        for (int i = 0; i < letters.Length; i++)
            types[i] = ValTypeNew(letters[i] switch
            {
                'i' => I32,
                'I' => I64,
                'f' => F32,
                'd' => F64,
                _ => throw new ArgumentException($"Unknown value type letter '{letters[i]}'.", nameof(letters)),
            });
        ValTypeVector vector;
        ValTypeVectorNew(&vector, (nuint)letters.Length, types); // takes the types
        return vector;
    }

    private static string TakeErrorMessage(nint error)
    {
        ByteVector message;
        ErrorMessage(error, &message);
        try
        {
            return System.Text.Encoding.UTF8.GetString(message.Data, (int)message.Size);
        }
        finally
        {
            ByteVectorDelete(&message);
            ErrorDelete(error);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ValTypeVector
    {
        public nuint Size;
        public nint* Data;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ByteVector
    {
        public nuint Size;
        public byte* Data;
    }
}

/// <summary>One argument or result slot of an unchecked host call (<c>wasmtime_val_raw_t</c>): 16 bytes, little-endian.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct RawValue
{
    [FieldOffset(0)] public int I32;
    [FieldOffset(0)] public long I64;
    [FieldOffset(0)] public double F64;
}
