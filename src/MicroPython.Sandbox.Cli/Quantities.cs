using System.Globalization;

namespace MicroPython.Sandbox.Cli;

/// <summary>
/// The human quantities the flags take and the messages show: sizes (64MB, 512K, 1GiB) and durations (5s, 250ms,
/// 2m), parsed from and formatted back to the units a person reads, never raw byte or tick counts.
/// </summary>
internal static class Quantities
{
    private const long KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;

    /// <summary>A size with no limit: <c>none</c> on the command line.</summary>
    public const long Unlimited = long.MaxValue;

    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        if (text is "none" or "unlimited") { bytes = Unlimited; return true; }
        var (number, unit) = Split(text);
        long multiplier = unit.ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KB" or "KIB" => KiB,
            "M" or "MB" or "MIB" => MiB,
            "G" or "GB" or "GIB" => GiB,
            _ => 0,
        };
        if (multiplier == 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0) return false;
        double result = value * multiplier;
        if (result >= long.MaxValue) return false;
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

    /// <summary>A size in the largest binary unit that keeps it readable: <c>2 GiB</c>, <c>1.5 MiB</c>, <c>900 bytes</c>, <c>none</c>.</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        Unlimited => "none",
        >= GiB => Scaled(bytes, GiB, "GiB"),
        >= MiB => Scaled(bytes, MiB, "MiB"),
        >= KiB => Scaled(bytes, KiB, "KiB"),
        1 => "1 byte",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };

    /// <summary>A duration as the flags take it: <c>60s</c>, <c>250ms</c>, <c>2m</c>, <c>1.5h</c>, <c>none</c>.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration == Timeout.InfiniteTimeSpan) return "none";
        if (duration < TimeSpan.FromSeconds(1)) return Number(duration.TotalMilliseconds) + "ms";
        if (duration < TimeSpan.FromMinutes(2) || duration.TotalSeconds % 60 != 0) return Number(duration.TotalSeconds) + "s";
        if (duration < TimeSpan.FromHours(2) || duration.TotalMinutes % 60 != 0) return Number(duration.TotalMinutes) + "m";
        return Number(duration.TotalHours) + "h";
    }

    private static string Scaled(long bytes, long unit, string name) => Number((double)bytes / unit) + " " + name;

    private static string Number(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static (string Number, string Unit) Split(string text)
    {
        text = text.Trim();
        int i = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or '_')) i++;
        return (text[..i].Replace("_", ""), text[i..].Trim());
    }
}
