using System.Text;

namespace MicroPython.Sandbox.Engine;

/// <summary>
/// Generates the setjmp/longjmp shim: a small wasm module that implements Emscripten's <c>invoke_*</c>
/// trampolines and <c>_emscripten_throw_longjmp</c> with wasm exceptions, so a longjmp never crosses a
/// host frame (which would make it a trap and would cost microseconds on every call).
/// </summary>
/// <remarks>
/// Each <c>invoke_X(index, args...)</c> saves the C stack pointer, calls table entry <c>index</c> and, if a
/// longjmp unwinds through it, restores the stack pointer and calls <c>setThrew(1, 0)</c> through the
/// spare table slot the host fills after instantiation, exactly as Emscripten's JavaScript glue does.
/// Any other trap (fuel, epoch, memory) passes straight through: only the shim's own tag is caught.
/// </remarks>
internal static class LongjmpShim
{
    public const string ThrowLongjmp = "_emscripten_throw_longjmp";
    public const string InvokePrefix = "invoke_";

    public static string Generate(IEnumerable<string> invokeNames, uint setThrewSlot)
    {
        var wat = new StringBuilder();
        wat.AppendLine("(module");
        wat.AppendLine($"  (import \"env\" \"{ModulePatcher.TableImport}\" (table $table 1 funcref))");
        wat.AppendLine($"  (import \"env\" \"{ModulePatcher.StackPointerImport}\" (global $sp (mut i32)))");
        wat.AppendLine("  (type $setThrew (func (param i32 i32)))");
        wat.AppendLine("  (tag $longjmp)");
        wat.AppendLine($"  (func (export \"{ThrowLongjmp}\") (throw $longjmp))");
        foreach (var name in invokeNames)
        {
            var sig = name[InvokePrefix.Length..];
            string? result = sig[0] == 'v' ? null : WasmType(sig[0]);
            var args = sig[1..].Select(WasmType).ToArray();

            wat.Append($"  (func (export \"{name}\") (param $index i32)");
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
            wat.AppendLine($"    (call_indirect $table (type $setThrew) (i32.const 1) (i32.const 0) (i32.const {setThrewSlot}))");
            if (result is not null) wat.AppendLine($"    ({result}.const 0)");
            wat.AppendLine("  )");
        }
        wat.AppendLine(")");
        return wat.ToString();
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
