using System.Text.Json.Serialization;

namespace MicroPython.Sandbox;

/// <summary>
/// Source-generated JSON metadata for <see cref="RunReport"/>: camelCase names, null fields left out. Use
/// <c>RunReportJsonContext.Default.RunReport</c> with <see cref="System.Text.Json.JsonSerializer"/> to read a report
/// back, or to embed one in a larger document, without reflection.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunReport))]
public sealed partial class RunReportJsonContext : JsonSerializerContext;
