using System.Text;

namespace MicroPython.Sandbox.Engine;

/// <summary>
/// Generates the setjmp/longjmp shim: a small wasm module that implements Emscripten's <c>invoke_*</c>
/// trampolines and <c>_emscripten_throw_longjmp</c> with wasm exceptions, so a longjmp never crosses a
/// host frame (which would make it a trap and would cost microseconds on every call).
/// </summary>
/// <remarks>
/// <para>Each <c>invoke_X(index, args...)</c> saves the C stack pointer, calls table entry <c>index</c> and, if a
/// longjmp unwinds through it, restores the stack pointer and calls <c>setThrew(1, 0)</c>, exactly as
/// Emscripten's JavaScript glue does. Any other trap (fuel, epoch, memory) passes straight through: only the
/// shim's own tag is caught.</para>
/// <para>The shim needs the interpreter's table, stack pointer and <c>setThrew</c>, and the interpreter needs the
/// shim's functions. A third module, the forwarder, breaks the cycle: it has no imports, exports every
/// function the interpreter imports from the shim as a <c>call_indirect</c> through its own small table, and
/// is instantiated first. The interpreter comes next (importing the forwarders), then the shim, which imports
/// the interpreter's exports and fills the forwarder's table with an active element segment. So the
/// interpreter keeps its own table, which Wasmtime initializes lazily, and the host makes no per-entry calls.</para>
/// </remarks>
internal static class LongjmpShim
{
    public const string ThrowLongjmp = "_emscripten_throw_longjmp";
    public const string InvokePrefix = "invoke_";
    public const string ForwarderTableExport = "table";

    /// <summary>The shim. Imports, in order: the interpreter's table, stack pointer, <c>setThrew</c>, and the forwarder's table.</summary>
    public static string Generate(IReadOnlyList<string> invokeNames)
    {
        var wat = new StringBuilder();
        wat.AppendLine("(module");
        wat.AppendLine("  (import \"interpreter\" \"table\" (table $table 1 funcref))");
        wat.AppendLine("  (import \"interpreter\" \"stack_pointer\" (global $sp (mut i32)))");
        wat.AppendLine("  (import \"interpreter\" \"setThrew\" (func $setThrew (param i32 i32)))");
        wat.AppendLine($"  (import \"forwarder\" \"table\" (table $forwarders {invokeNames.Count + 1} funcref))");
        wat.AppendLine("  (tag $longjmp)");
        wat.AppendLine($"  (func $throw (export \"{ThrowLongjmp}\") (throw $longjmp))");
        for (int k = 0; k < invokeNames.Count; k++)
        {
            var (result, args) = Signature(invokeNames[k]);
            wat.Append($"  (func $invoke{k} (export \"{invokeNames[k]}\") (param $index i32)");
            foreach (var a in args) wat.Append($" (param {a})");
            if (result is not null) wat.Append($" (result {result})");
            wat.AppendLine();
            wat.AppendLine("    (local $saved i32)");
            wat.AppendLine("    (local.set $saved (global.get $sp))");
            wat.AppendLine("    (block $caught");
            wat.Append("      (return (try_table");
            if (result is not null) wat.Append($" (result {result})");
            wat.Append(" (catch $longjmp $caught) (call_indirect $table (param");
            foreach (var a in args) wat.Append($" {a}");
            wat.Append(')');
            if (result is not null) wat.Append($" (result {result})");
            for (int i = 0; i < args.Length; i++) wat.Append($" (local.get {i + 1})");
            wat.AppendLine(" (local.get $index)))))");
            wat.AppendLine("    (global.set $sp (local.get $saved))");
            wat.AppendLine("    (call $setThrew (i32.const 1) (i32.const 0))");
            if (result is not null) wat.AppendLine($"    ({result}.const 0)");
            wat.AppendLine("  )");
        }
        wat.Append("  (elem (table $forwarders) (i32.const 0) func $throw");
        for (int k = 0; k < invokeNames.Count; k++) wat.Append($" $invoke{k}");
        wat.AppendLine(")");
        wat.AppendLine(")");
        return wat.ToString();
    }

    /// <summary>
    /// The forwarder: no imports; exports <c>_emscripten_throw_longjmp</c> and each <c>invoke_*</c> as a call through
    /// slot 0, 1, 2... of its exported table, which the shim fills.
    /// </summary>
    public static string GenerateForwarder(IReadOnlyList<string> invokeNames)
    {
        var wat = new StringBuilder();
        wat.AppendLine("(module");
        wat.AppendLine($"  (table (export \"{ForwarderTableExport}\") {invokeNames.Count + 1} funcref)");
        wat.AppendLine($"  (func (export \"{ThrowLongjmp}\") (return_call_indirect (i32.const 0)))");
        for (int k = 0; k < invokeNames.Count; k++)
        {
            var (result, args) = Signature(invokeNames[k]);
            wat.Append($"  (func (export \"{invokeNames[k]}\") (param i32)");
            foreach (var a in args) wat.Append($" (param {a})");
            if (result is not null) wat.Append($" (result {result})");
            wat.Append(" (return_call_indirect (param i32");
            foreach (var a in args) wat.Append($" {a}");
            wat.Append(')');
            if (result is not null) wat.Append($" (result {result})");
            for (int i = 0; i <= args.Length; i++) wat.Append($" (local.get {i})");
            wat.AppendLine($" (i32.const {k + 1})))");
        }
        wat.AppendLine(")");
        return wat.ToString();
    }

    private static (string? Result, string[] Args) Signature(string name)
    {
        var sig = name[InvokePrefix.Length..];
        return (sig[0] == 'v' ? null : WasmType(sig[0]), sig[1..].Select(WasmType).ToArray());
    }

    private static string WasmType(char c) => c switch
    {
        'i' => "i32",
        'j' => "i64",
        'f' => "f32",
        'd' => "f64",
        _ => throw new InvalidDataException($"Unknown Emscripten signature letter '{c}'."),
    };
}
