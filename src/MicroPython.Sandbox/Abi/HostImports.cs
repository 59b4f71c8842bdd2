using System.Runtime.InteropServices;
using MicroPython.Sandbox.Runtime;
using Wasmtime;

namespace MicroPython.Sandbox.Abi;

/// <summary>The body of a host import: reads its arguments from <paramref name="args"/> and writes its result there.</summary>
internal delegate void HostCall(Interpreter interpreter, HostArgs args);

/// <summary>
/// One function the interpreter module imports: <see cref="Parameters"/> and <see cref="Results"/> give its wasm
/// type as letters (<c>i</c> i32, <c>I</c> i64, <c>f</c> f32, <c>d</c> f64).
/// </summary>
internal readonly record struct HostImport(string Module, string Name, string Parameters, string Results, HostCall Call);

/// <summary>
/// Every function the interpreter module imports, with its wasm signature, defined once per engine linker.
/// All of them enter .NET through <see cref="Dispatch"/>, which finds the calling sandbox's interpreter and
/// turns any exception into a trap (an exception must never cross back into Wasmtime's frames).
/// </summary>
internal static class HostImports
{
    private static readonly HostImport[] Imports = Build();

    /// <summary>Every import, in the order of the tokens <see cref="Dispatch"/> receives.</summary>
    public static IReadOnlyList<HostImport> All => Imports;

    private static HostImport[] Build()
    {
        var imports = new List<HostImport>(64);
        void Add(string module, string name, string signature, HostCall call)
        {
            int colon = signature.IndexOf(':');
            imports.Add(new(module, name, signature[..colon], signature[(colon + 1)..], call));
        }
        EmscriptenImports.AddTo(Add);
        FileSystemImports.AddTo(Add);
        ProxyImports.AddTo(Add);
        return [.. imports];
    }

    /// <summary>
    /// Adds one import: <c>signature</c> lists parameter then result types as letters around a colon
    /// (see <see cref="HostImport"/>), e.g. <c>"iiii:i"</c>.
    /// </summary>
    public delegate void Registrar(string module, string name, string signature, HostCall call);

    /// <summary>Defines every host import in <paramref name="linker"/>.</summary>
    public static unsafe void DefineIn(Linker linker) => WasmtimeApi.DefineFunctions(linker, All, &Dispatch);

    [UnmanagedCallersOnly]
    private static unsafe nint Dispatch(nint token, nint caller, RawValue* values, nuint count)
    {
        try
        {
            var interpreter = WasmtimeApi.StoreOf(caller).GetData() as Interpreter
                ?? throw new InvalidOperationException("A host import was called from a store that belongs to no sandbox.");
            Imports[(int)token].Call(interpreter, new HostArgs(values, (int)count));
            return 0;
        }
        catch (Exception e)
        {
            return WasmtimeApi.NewTrap(e.Message);
        }
    }
}

/// <summary>The argument slots of one host call; results are written over them from the first slot.</summary>
internal readonly unsafe ref struct HostArgs
{
    private readonly RawValue* _values;
    private readonly int _count;

    public HostArgs(RawValue* values, int count)
    {
        _values = values;
        _count = count;
    }

    private ref RawValue Slot(int index)
    {
        if ((uint)index >= (uint)_count) throw new InvalidOperationException($"A host import read slot {index} of {_count}: its signature does not match its body.");
        return ref _values[index];
    }

    public int Int(int index) => Slot(index).I32;

    public uint UInt(int index) => (uint)Slot(index).I32;

    public long Long(int index) => Slot(index).I64;

    /// <summary>Writes an i32 result (the upper half of the slot cleared).</summary>
    public void Return(int value) => Slot(0).I64 = (uint)value;

    public void Return(double value) => Slot(0).F64 = value;
}
