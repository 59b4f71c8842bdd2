using System.Globalization;

namespace MicroPython.Sandbox.Cli;

/// <summary>Parses the human quantities the flags take: sizes (64MB, 512K, 1GiB) and durations (5s, 250ms, 2m).</summary>
internal static class Quantities
{
    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        if (text is "none" or "unlimited") { bytes = long.MaxValue; return true; }
        var (number, unit) = Split(text);
        long multiplier = unit.ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KB" or "KIB" => 1024,
            "M" or "MB" or "MIB" => 1024 * 1024,
            "G" or "GB" or "GIB" => 1024L * 1024 * 1024,
            _ => 0,
        };
        if (multiplier == 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0) return false;
        double result = value * multiplier;
        if (result > long.MaxValue) return false;
        bytes = (long)result;
        return true;
    }

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (text is "none" or "infinite" or "0") { duration = Timeout.InfiniteTimeSpan; return true; }
        var (number, unit) = Split(text);
        double scale = unit.ToLowerInvariant() switch
        {
            "" or "s" => 1,
            "ms" => 0.001,
            "m" or "min" => 60,
            "h" => 3600,
            _ => 0,
        };
        if (scale == 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value <= 0 || value * scale > TimeSpan.MaxValue.TotalSeconds / 2) return false;
        duration = TimeSpan.FromSeconds(value * scale);
        return true;
    }

    private static (string Number, string Unit) Split(string text)
    {
        text = text.Trim();
        int i = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or '_')) i++;
        return (text[..i].Replace("_", ""), text[i..].Trim());
    }
}
