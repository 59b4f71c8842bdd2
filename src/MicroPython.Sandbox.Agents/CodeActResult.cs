using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MicroPython.Sandbox.Agents;

/// <summary>
/// Turns the Python tool's result into the CodeAct result that Agent Framework's code execution providers return
/// (<c>{"stdout", "stderr", "exit_code", "success"}</c>), keeping every other field. A run that failed without writing to
/// stderr (a limit hit, a refused argument) gets its message there, so a consumer reading only the CodeAct fields still
/// learns why.
/// </summary>
internal static class CodeActResult
{
    public static JsonElement From(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object) return result;
        bool success = result.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.True;
        int exitCode = result.TryGetProperty("exitCode", out var e) && e.TryGetInt32(out int code) ? code : success ? 0 : 1;
        string? why = null;
        if (!success)
        {
            if (result.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                why = Text(error, "traceback") is { Length: > 0 } traceback ? traceback : $"{Text(error, "type")}: {Text(error, "message")}";
            else
                why = Text(result, "message");
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        // Only what JSON requires is escaped: the text is for a model, and \u-escaped quotes and accents cost it tokens.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            bool wroteStdout = false, wroteStderr = false;
            foreach (var property in result.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "exit_code":
                        continue;
                    case "stdout":
                        wroteStdout = true;
                        break;
                    case "stderr":
                        wroteStderr = true;
                        string stderr = property.Value.GetString() ?? "";
                        if (why is { Length: > 0 } && !stderr.Contains(why, StringComparison.Ordinal))
                        {
                            w.WriteString("stderr", stderr.Length == 0 ? why : stderr.TrimEnd('\n') + "\n" + why);
                            continue;
                        }
                        break;
                }
                property.WriteTo(w);
                if (property.NameEquals("success")) w.WriteNumber("exit_code", exitCode);
            }
            if (!wroteStdout) w.WriteString("stdout", "");
            if (!wroteStderr) w.WriteString("stderr", why ?? "");
            if (!result.TryGetProperty("success", out _)) w.WriteNumber("exit_code", exitCode);
            w.WriteEndObject();
        }
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
