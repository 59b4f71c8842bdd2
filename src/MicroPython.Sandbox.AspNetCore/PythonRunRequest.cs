using System.Runtime.InteropServices;
using System.Text.Json;

namespace MicroPython.Sandbox.AspNetCore;

/// <summary>
/// A parsed request body: <c>{"code": "...", "input": any JSON, "function": "name", "limits": {...}}</c>. Only
/// <c>code</c> is required. Unknown members are refused rather than ignored, so a misspelt limit cannot pass for
/// one that applies.
/// </summary>
internal sealed class PythonRunRequest
{
    /// <summary>Deepest JSON the parser accepts; the sandbox's own value depth cap applies to the input after that.</summary>
    private const int MaxJsonDepth = 128;

    public required string Code { get; init; }

    public JsonElement? Input { get; init; }

    /// <summary>The size of the input's JSON text in bytes (0 when there is none).</summary>
    public int InputBytes { get; init; }

    public string? Function { get; init; }

    public TimeSpan? Timeout { get; init; }

    public long? MemoryBytes { get; init; }

    public ulong? Fuel { get; init; }

    public long? MaxOutputBytes { get; init; }

    /// <summary>Parses <paramref name="body"/>; on failure <paramref name="problem"/> says what is wrong in words a client can act on.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, out JsonDocument? document, out PythonRunRequest? request, out string? problem)
    {
        request = null;
        problem = null;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
        }
        catch (JsonException e)
        {
            document = null;
            problem = "The body is not valid JSON: " + e.Message;
            return false;
        }
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = "The body must be a JSON object with at least a \"code\" member.";
            return false;
        }
        string? code = null, function = null;
        JsonElement? input = null;
        int inputBytes = 0;
        TimeSpan? timeout = null;
        long? memory = null, output = null;
        ulong? fuel = null;
        foreach (var member in root.EnumerateObject())
        {
            switch (member.Name)
            {
                case "code":
                    if (member.Value.ValueKind != JsonValueKind.String) return Fail("\"code\" must be a string of Python source.", out problem);
                    code = member.Value.GetString();
                    break;
                case "input":
                    input = member.Value;
                    inputBytes = JsonMarshal.GetRawUtf8Value(member.Value).Length;
                    break;
                case "function":
                    if (member.Value.ValueKind == JsonValueKind.Null) break;
                    if (member.Value.ValueKind != JsonValueKind.String || !IsIdentifier(member.Value.GetString()!))
                        return Fail("\"function\" must be the name of a Python function (an identifier).", out problem);
                    function = member.Value.GetString();
                    break;
                case "limits":
                    if (member.Value.ValueKind == JsonValueKind.Null) break;
                    if (member.Value.ValueKind != JsonValueKind.Object) return Fail("\"limits\" must be an object.", out problem);
                    foreach (var limit in member.Value.EnumerateObject())
                    {
                        if (!limit.Value.TryGetInt64(out long value) || value <= 0)
                            return Fail($"The limit \"{limit.Name}\" must be a positive whole number.", out problem);
                        switch (limit.Name)
                        {
                            case "timeoutMs": timeout = TimeSpan.FromMilliseconds(value); break;
                            case "memoryBytes": memory = value; break;
                            case "fuel": fuel = (ulong)value; break;
                            case "maxOutputBytes": output = value; break;
                            default: return Fail($"Unknown limit \"{limit.Name}\"; the limits are timeoutMs, memoryBytes, fuel and maxOutputBytes.", out problem);
                        }
                    }
                    break;
                default:
                    return Fail($"Unknown member \"{member.Name}\"; a request has code, input, function and limits.", out problem);
            }
        }
        if (code is null) return Fail("The request has no \"code\".", out problem);
        request = new PythonRunRequest
        {
            Code = code,
            Input = input,
            InputBytes = inputBytes,
            Function = function,
            Timeout = timeout,
            MemoryBytes = memory,
            Fuel = fuel,
            MaxOutputBytes = output,
        };
        return true;
    }

    private static bool Fail(string message, out string? problem)
    {
        problem = message;
        return false;
    }

    /// <summary>A plain ASCII Python identifier: what can safely be spliced into the call line.</summary>
    internal static bool IsIdentifier(string name)
    {
        if (name.Length is 0 or > 128 || !(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
        foreach (char c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }
}
