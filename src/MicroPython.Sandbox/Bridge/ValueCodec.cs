using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace MicroPython.Sandbox.Bridge;

/// <summary>A Python value the guest could not express as data (a function, a class instance, ...).</summary>
/// <param name="TypeName">The Python type name.</param>
internal sealed record Unconvertible(string TypeName);

/// <summary>An optional argument Python did not pass; the host function's default applies.</summary>
internal sealed class Missing
{
    public static readonly Missing Value = new();
}

/// <summary>
/// Converts values between Python and .NET through tagged JSON. Plain JSON carries None, bool, int (any
/// size), float, str, list and dict; a one-key-plus-"v" object tagged with the key <c>"\0"</c> carries the
/// rest: <c>b</c> bytes (hex), <c>t</c> tuple, <c>f</c> non-finite float, <c>d</c> dict that itself holds the
/// tag key, and (guest to host only) <c>x</c> a value with no data form.
/// <para>
/// Natural .NET forms of Python values: None = null, bool, int = <see cref="long"/> or <see cref="BigInteger"/>
/// when it does not fit, float = <see cref="double"/>, str = <see cref="string"/>, bytes = <c>byte[]</c>,
/// list = <see cref="List{T}"/> of object?, tuple = object?[], dict = <see cref="Dictionary{TKey,TValue}"/> with
/// string keys. Back to Python, object?[] and .NET tuples become tuples and other sequences lists.
/// </para>
/// </summary>
internal static class ValueCodec
{
    internal const string Tag = "\0";

    // ---- guest JSON -> natural .NET values ----

    /// <summary>Parses tagged JSON from the guest into natural values; <paramref name="unconvertible"/> reports an <c>x</c> tag anywhere.</summary>
    public static object? Decode(ReadOnlySpan<byte> json, int maxDepth, out bool unconvertible)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth * 2 + 4 });
        bool found = false;
        try
        {
            if (!reader.Read()) throw new JsonException("Empty value.");
            var value = ReadValue(ref reader, ref found);
            unconvertible = found;
            return value;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new JsonException(e.Message, e);
        }
    }

    private static object? ReadValue(ref Utf8JsonReader reader, ref bool unconvertible)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.Number:
            {
                var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
                if (raw.IndexOfAny("."u8) >= 0 || raw.IndexOfAny("eE"u8) >= 0)
                    return double.Parse(Encoding.UTF8.GetString(raw), NumberStyles.Float, CultureInfo.InvariantCulture);
                if (reader.TryGetInt64(out long l)) return l;
                return BigInteger.Parse(Encoding.UTF8.GetString(raw), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            }
            case JsonTokenType.StartArray:
            {
                var list = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) list.Add(ReadValue(ref reader, ref unconvertible));
                return list;
            }
            case JsonTokenType.StartObject:
            {
                var dict = new Dictionary<string, object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    string key = reader.GetString()!;
                    reader.Read();
                    dict[key] = ReadValue(ref reader, ref unconvertible);
                }
                return dict.TryGetValue(Tag, out var tag) ? Untag(tag as string, dict.GetValueOrDefault("v"), ref unconvertible) : dict;
            }
            default:
                throw new JsonException($"Unexpected {reader.TokenType}.");
        }
    }

    private static object? Untag(string? tag, object? value, ref bool unconvertible)
    {
        switch (tag)
        {
            case "b" when value is string hex: return Convert.FromHexString(hex);
            case "t" when value is List<object?> items: return items.ToArray();
            case "f" when value is string text:
                return text switch { "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, _ => double.NaN };
            case "d" when value is List<object?> pairs:
            {
                var dict = new Dictionary<string, object?>();
                foreach (var pair in pairs)
                    if (pair is List<object?> { Count: 2 } kv && kv[0] is string key) dict[key] = kv[1];
                return dict;
            }
            case "m": return Missing.Value;
            case "x":
                unconvertible = true;
                return new Unconvertible(value as string ?? "object");
            default:
                throw new JsonException($"Unknown value tag '{tag}'.");
        }
    }

    // ---- .NET values -> guest JSON ----

    /// <summary>
    /// Writes <paramref name="value"/> as tagged JSON. Throws <see cref="BridgeException"/> (TypeError) for a
    /// value with no Python form (a user type goes through <paramref name="types"/>'s resolver) and (ValueError) for nesting deeper than <paramref name="maxDepth"/>.
    /// </summary>
    public static void Encode(GuestJsonWriter writer, object? value, int maxDepth, ref bool tagged, int depth = 0, ValueConverter? types = null)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); return;
            case bool b: writer.WriteBooleanValue(b); return;
            case string s: writer.WriteStringValue(s); return;
            case char c: writer.WriteStringValue(c.ToString()); return;
            case int i: writer.WriteNumberValue((long)i); return;
            case long l: writer.WriteNumberValue(l); return;
            case short or sbyte or byte or ushort or uint: writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); return;
            case ulong ul: writer.WriteNumberValue(ul); return;
            case BigInteger big: writer.WriteRawValue(big.ToString(CultureInfo.InvariantCulture)); return;
            case Int128 or UInt128: writer.WriteRawValue(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture)); return;
            case double d: WriteFloat(writer, d, ref tagged); return;
            case float f: WriteFloat(writer, f, ref tagged); return;
            case Half h: WriteFloat(writer, (double)h, ref tagged); return;
            case decimal m: WriteFloat(writer, (double)m, ref tagged); return;
            case Enum e: writer.WriteRawValue(Convert.ToInt64(e, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)); return;
            case byte[] bytes: WriteBytes(writer, bytes, ref tagged); return;
            case ReadOnlyMemory<byte> rom: WriteBytes(writer, rom.Span, ref tagged); return;
            case Memory<byte> mem: WriteBytes(writer, mem.Span, ref tagged); return;
            case ArraySegment<byte> seg: WriteBytes(writer, seg, ref tagged); return;
            case JsonElement element: EncodeElement(writer, element, maxDepth, ref tagged, depth); return;
        }

        if (depth >= maxDepth) throw new BridgeException("ValueError", $"value nested deeper than {maxDepth} levels");
        switch (value)
        {
            case object?[] array when array.GetType() == typeof(object[]):
                // The natural form of a tuple, so tuples round-trip.
                tagged = true;
                writer.WriteStartObject();
                writer.WriteString(Tag, "t");
                writer.WriteStartArray("v");
                foreach (var item in array) Encode(writer, item, maxDepth, ref tagged, depth + 1, types);
                writer.WriteEndArray();
                writer.WriteEndObject();
                return;
            case ITuple tuple:
                tagged = true;
                writer.WriteStartObject();
                writer.WriteString(Tag, "t");
                writer.WriteStartArray("v");
                for (int i = 0; i < tuple.Length; i++) Encode(writer, tuple[i], maxDepth, ref tagged, depth + 1);
                writer.WriteEndArray();
                writer.WriteEndObject();
                return;
            case IDictionary dictionary:
                WriteDict(writer, dictionary.Keys.Cast<object?>().Zip(dictionary.Values.Cast<object?>()), maxDepth, ref tagged, depth, types);
                return;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                WriteDict(writer, pairs.Select(p => ((object?)p.Key, p.Value)), maxDepth, ref tagged, depth, types);
                return;
            case IEnumerable sequence:
                writer.WriteStartArray();
                foreach (var item in sequence) Encode(writer, item, maxDepth, ref tagged, depth + 1, types);
                writer.WriteEndArray();
                return;
        }
        // A user type (record, class) the session's resolver knows: as the JSON it serializes to.
        if (types is not null && types.TrySerialize(value, out var serialized))
        {
            EncodeElement(writer, serialized, maxDepth, ref tagged, depth);
            return;
        }
        throw new BridgeException("TypeError", $"cannot convert .NET {value.GetType().Name} to a Python value; {ValueConverter.NeedsResolver(value.GetType())}");
    }

    private static void WriteDict(GuestJsonWriter writer, IEnumerable<(object? Key, object? Value)> entries, int maxDepth, ref bool tagged, int depth, ValueConverter? types = null)
    {
        var list = entries.ToList();
        foreach (var (key, _) in list)
            if (key is not string) throw new BridgeException("TypeError", $"cannot convert a dictionary with {key?.GetType().Name ?? "null"} keys; keys must be strings");
        bool hasTagKey = list.Exists(e => (string)e.Key! == Tag);
        if (hasTagKey)
        {
            tagged = true;
            writer.WriteStartObject();
            writer.WriteString(Tag, "d");
            writer.WriteStartArray("v");
            foreach (var (key, item) in list)
            {
                writer.WriteStartArray();
                writer.WriteStringValue((string)key!);
                Encode(writer, item, maxDepth, ref tagged, depth + 1, types);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            return;
        }
        writer.WriteStartObject();
        foreach (var (key, item) in list)
        {
            writer.WritePropertyName((string)key!);
            Encode(writer, item, maxDepth, ref tagged, depth + 1, types);
        }
        writer.WriteEndObject();
    }

    private static void EncodeElement(GuestJsonWriter writer, JsonElement element, int maxDepth, ref bool tagged, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                if (raw.AsSpan().IndexOfAny('.', 'e') >= 0 || raw.Contains('E')) WriteFloat(writer, element.GetDouble(), ref tagged);
                else writer.WriteRawValue(raw);
                return;
            case JsonValueKind.Array:
                if (depth >= maxDepth) throw new BridgeException("ValueError", $"value nested deeper than {maxDepth} levels");
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) EncodeElement(writer, item, maxDepth, ref tagged, depth + 1);
                writer.WriteEndArray();
                return;
            case JsonValueKind.Object:
                if (depth >= maxDepth) throw new BridgeException("ValueError", $"value nested deeper than {maxDepth} levels");
                WriteDict(writer, element.EnumerateObject().Select(p => ((object?)p.Name, (object?)p.Value)), maxDepth, ref tagged, depth);
                return;
            case JsonValueKind.String: writer.WriteStringValue(element.GetString()); return;
            case JsonValueKind.True: writer.WriteBooleanValue(true); return;
            case JsonValueKind.False: writer.WriteBooleanValue(false); return;
            default: writer.WriteNullValue(); return;
        }
    }

    private static void WriteFloat(GuestJsonWriter writer, double d, ref bool tagged)
    {
        if (double.IsFinite(d))
        {
            string text = d.ToString("R", CultureInfo.InvariantCulture);
            if (text.AsSpan().IndexOfAny('.', 'E') < 0) text += ".0";
            writer.WriteRawValue(text);
            return;
        }
        tagged = true;
        writer.WriteStartObject();
        writer.WriteString(Tag, "f");
        writer.WriteString("v", double.IsNaN(d) ? "nan" : d > 0 ? "inf" : "-inf");
        writer.WriteEndObject();
    }

    private static void WriteBytes(GuestJsonWriter writer, ReadOnlySpan<byte> bytes, ref bool tagged)
    {
        tagged = true;
        writer.WriteStartObject();
        writer.WriteString(Tag, "b");
        // Two hex digits a byte: refused before the hex string is made, so a huge result costs nothing.
        writer.Reserve(2L * bytes.Length);
        writer.WriteString("v", Convert.ToHexStringLower(bytes));
        writer.WriteEndObject();
    }

    /// <summary>
    /// Encodes a value as the prelude's payload: <c>v</c> + plain JSON or <c>t</c> + tagged JSON, as UTF-8.
    /// </summary>
    public static byte[] EncodePayload(object? value, int maxDepth, int maxBytes = int.MaxValue, ValueConverter? types = null)
    {
        var writer = new GuestJsonWriter(maxBytes);
        bool tagged = false;
        try
        {
            Encode(writer, value, maxDepth, ref tagged, types: types);
        }
        catch (InvalidOperationException e)
        {
            // Enumerating a collection that changed, and the like.
            throw new BridgeException("TypeError", e.Message);
        }
        string json = writer.ToString();
        var bytes = new byte[1 + Encoding.UTF8.GetByteCount(json)];
        bytes[0] = (byte)(tagged ? 't' : 'v');
        Encoding.UTF8.GetBytes(json, bytes.AsSpan(1));
        return bytes;
    }

    /// <summary>Writes a natural value as plain JSON (bytes as base64, tuples as arrays), for <see cref="JsonElement"/> and typed parameters.</summary>
    public static JsonElement ToJsonElement(object? natural)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WritePlain(writer, natural);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void WritePlain(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case BigInteger big: writer.WriteRawValue(big.ToString(CultureInfo.InvariantCulture)); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case double d: writer.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity"); break;
            case string s: writer.WriteStringValue(s); break;
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            case Dictionary<string, object?> dict:
                writer.WriteStartObject();
                foreach (var (k, v) in dict)
                {
                    writer.WritePropertyName(k);
                    WritePlain(writer, v);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable<object?> items:
                writer.WriteStartArray();
                foreach (var item in items) WritePlain(writer, item);
                writer.WriteEndArray();
                break;
            case Unconvertible u: throw new BridgeException("TypeError", $"cannot convert Python '{u.TypeName}' to a .NET value");
            default: throw new BridgeException("TypeError", $"cannot convert {value.GetType().Name}");
        }
    }
}

/// <summary>An error a host call reports to Python as the named built-in exception type (or HostError).</summary>
internal sealed class BridgeException(string pythonType, string message, string? dotnetType = null) : Exception(message)
{
    public string PythonType { get; } = pythonType;

    /// <summary>The .NET exception type name, for HostError.</summary>
    public string? DotnetType { get; } = dotnetType;
}
