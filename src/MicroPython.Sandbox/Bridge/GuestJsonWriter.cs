using System.Globalization;
using System.Text;

namespace MicroPython.Sandbox.Bridge;

/// <summary>
/// A minimal JSON writer for values going to the guest. Unlike System.Text.Json's writer it leaves
/// characters outside the Basic Multilingual Plane unescaped: MicroPython's <c>json.loads</c> turns a
/// <c>\uD83D\uDE00</c> escape pair into two lone surrogates instead of one character.
/// </summary>
internal sealed class GuestJsonWriter
{
    private readonly StringBuilder _text = new();
    private readonly Stack<bool> _first = new();
    private readonly int _maxLength;
    private bool _afterName;

    /// <summary>Creates a writer that refuses (ValueError) to grow past <paramref name="maxLength"/> characters, so an endless sequence cannot exhaust host memory.</summary>
    public GuestJsonWriter(int maxLength = int.MaxValue) => _maxLength = maxLength;

    public int Length => _text.Length;

    public override string ToString() => _text.ToString();

    private void Separate()
    {
        if (_text.Length > _maxLength)
            throw new BridgeException("ValueError", $"value is over the limit of {_maxLength} bytes");
        if (_afterName)
        {
            _afterName = false;
            return;
        }
        if (_first.Count == 0) return;
        if (_first.Peek()) { _first.Pop(); _first.Push(false); }
        else _text.Append(',');
    }

    public void WriteNullValue() { Separate(); _text.Append("null"); }

    public void WriteBooleanValue(bool value) { Separate(); _text.Append(value ? "true" : "false"); }

    public void WriteNumberValue(long value) { Separate(); _text.Append(value.ToString(CultureInfo.InvariantCulture)); }

    public void WriteNumberValue(ulong value) { Separate(); _text.Append(value.ToString(CultureInfo.InvariantCulture)); }

    /// <summary>Writes a number already formatted as JSON.</summary>
    public void WriteRawValue(string json) { Separate(); Reserve(json.Length); _text.Append(json); }

    /// <summary>
    /// Refuses a value that cannot fit before it is copied: every character is at least one byte, so more characters
    /// than the bytes left means over the limit. The check between values (<see cref="Separate"/>) alone would let
    /// one huge string or byte string be built in full first.
    /// </summary>
    public void Reserve(long characters)
    {
        if (_text.Length + characters > _maxLength)
            throw new BridgeException("ValueError", $"value is over the limit of {_maxLength} bytes");
    }

    public void WriteStringValue(string? value)
    {
        Separate();
        if (value is null) _text.Append("null");
        else Quote(value);
    }

    public void WritePropertyName(string name)
    {
        Separate();
        Quote(name);
        _text.Append(':');
        _afterName = true;
    }

    public void WriteString(string name, string value)
    {
        WritePropertyName(name);
        WriteStringValue(value);
    }

    public void WriteStartObject() { Separate(); _text.Append('{'); _first.Push(true); }

    public void WriteEndObject() { _first.Pop(); _text.Append('}'); }

    public void WriteStartArray() { Separate(); _text.Append('['); _first.Push(true); }

    public void WriteStartArray(string name) { WritePropertyName(name); WriteStartArray(); }

    public void WriteEndArray() { _first.Pop(); _text.Append(']'); }

    private void Quote(string s)
    {
        Reserve(s.Length + 2L);
        _text.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': _text.Append("\\\""); break;
                case '\\': _text.Append("\\\\"); break;
                case '\n': _text.Append("\\n"); break;
                case '\r': _text.Append("\\r"); break;
                case '\t': _text.Append("\\t"); break;
                case < ' ': _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: _text.Append(c); break;
            }
        }
        _text.Append('"');
        // Escapes grow the text up to six times: checked once more after.
        Reserve(0);
    }
}
