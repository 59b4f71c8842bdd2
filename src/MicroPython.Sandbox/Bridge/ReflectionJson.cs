using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MicroPython.Sandbox.Bridge;

/// <summary>
/// System.Text.Json's reflection-based serializer, used for parameter types no
/// <see cref="PythonSession.TypeInfoResolver"/> knows. It runs only where reflection serialization is
/// enabled (JIT apps by default). Trimmed and Native AOT apps turn that switch off, the toolchain then treats
/// <see cref="IsEnabled"/> as false and removes this code, and the resolver is the only way to convert user types.
/// </summary>
internal static class ReflectionJson
{
    /// <summary>True when reflection-based serialization may run (the switch System.Text.Json itself honours).</summary>
    public static bool IsEnabled => JsonSerializer.IsReflectionEnabledByDefault;

    private static JsonSerializerOptions? _options;

    /// <summary>Fills <paramref name="type"/> from JSON by reflection. Call only when <see cref="IsEnabled"/>.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reached only when JsonSerializer.IsReflectionEnabledByDefault is true, which trimmed and Native AOT apps set to false (a feature switch the toolchain substitutes, removing this call).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As IL2026: never reached in Native AOT apps.")]
    public static object? Deserialize(JsonElement element, Type type)
    {
        if (!IsEnabled) throw new NotSupportedException("Reflection-based JSON serialization is disabled in this app.");
        // Python dict keys match properties regardless of case, as with a resolver.
        _options ??= new JsonSerializerOptions { PropertyNameCaseInsensitive = true, TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        return element.Deserialize(type, _options);
    }
}
