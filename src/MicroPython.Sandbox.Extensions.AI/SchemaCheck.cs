using System.Text.Json;

namespace MicroPython.Sandbox.Extensions.AI;

/// <summary>
/// Checks keyword arguments from Python against a tool's JSON schema before the tool sees them: unknown and missing
/// names, the primitive types of the top-level properties, and enumerations. It answers with a message written for the
/// model (what is wrong and what was expected) rather than a schema validator's report.
/// </summary>
internal static class SchemaCheck
{
    /// <summary>Null when the arguments fit; otherwise what is wrong.</summary>
    public static string? Check(JsonElement schema, JsonElement arguments, string tool)
    {
        if (schema.ValueKind != JsonValueKind.Object) return null;
        schema.TryGetProperty("properties", out var properties);
        bool hasProperties = properties.ValueKind == JsonValueKind.Object;

        if (arguments.ValueKind == JsonValueKind.Object && hasProperties)
        {
            foreach (var argument in arguments.EnumerateObject())
            {
                if (!properties.TryGetProperty(argument.Name, out var property))
                    return $"{tool}() got an unexpected keyword argument '{argument.Name}'; it takes: {Names(properties)}.";
                if (TypeProblem(property, argument.Value) is { } problem)
                    return $"{tool}() argument '{argument.Name}' {problem}.";
            }
        }

        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray())
            {
                if (name.ValueKind != JsonValueKind.String) continue;
                string n = name.GetString()!;
                if (arguments.ValueKind != JsonValueKind.Object || !arguments.TryGetProperty(n, out _))
                    return $"{tool}() missing required keyword argument '{n}'" + (hasProperties ? $"; it takes: {Names(properties)}." : ".");
            }
        }
        return null;
    }

    private static string Names(JsonElement properties) =>
        string.Join(", ", properties.EnumerateObject().Select(p => p.Name + ": " + Describe(p.Value)));

    /// <summary>The schema's type as a Python reader knows it (<c>str</c>, <c>int</c>, ...).</summary>
    internal static string Describe(JsonElement property)
    {
        var types = Types(property);
        if (types.Count == 0) return "any";
        return string.Join(" | ", types.Select(t => t switch
        {
            "string" => "str",
            "integer" => "int",
            "number" => "float",
            "boolean" => "bool",
            "array" => "list",
            "object" => "dict",
            "null" => "None",
            _ => t,
        }));
    }

    private static List<string> Types(JsonElement property)
    {
        var types = new List<string>();
        if (property.ValueKind != JsonValueKind.Object || !property.TryGetProperty("type", out var type)) return types;
        if (type.ValueKind == JsonValueKind.String) types.Add(type.GetString()!);
        else if (type.ValueKind == JsonValueKind.Array)
            foreach (var t in type.EnumerateArray())
                if (t.ValueKind == JsonValueKind.String) types.Add(t.GetString()!);
        return types;
    }

    private static string? TypeProblem(JsonElement property, JsonElement value)
    {
        var types = Types(property);
        if (types.Count > 0 && !types.Any(t => Fits(t, value)))
            return $"must be {Describe(property)}, not {PythonType(value)}";
        if (property.ValueKind == JsonValueKind.Object && property.TryGetProperty("enum", out var options) && options.ValueKind == JsonValueKind.Array
            && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(o, value)))
            return $"must be one of {string.Join(", ", options.EnumerateArray().Select(o => o.GetRawText()))}, not {value.GetRawText()}";
        return null;
    }

    private static bool Fits(string type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && (value.TryGetInt64(out _) || IsIntegral(value)),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static bool IsIntegral(JsonElement value) => value.TryGetDouble(out double d) && Math.Floor(d) == d && !value.GetRawText().Contains('.', StringComparison.Ordinal);

    private static string PythonType(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "str",
        JsonValueKind.Number => value.GetRawText().AsSpan().IndexOfAny(".eE") >= 0 ? "float" : "int",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "list",
        JsonValueKind.Object => "dict",
        JsonValueKind.Null => "None",
        _ => value.ValueKind.ToString(),
    };
}
