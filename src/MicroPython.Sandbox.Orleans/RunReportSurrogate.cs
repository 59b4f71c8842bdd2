using System.Text.Json;

namespace MicroPython.Sandbox.Orleans;

/// <summary>
/// How a <see cref="RunReport"/> crosses the wire between silos and clients: as its own UTF-8 JSON, the contract every
/// other front end (CLI, agent tools, MCP, web) already shares. A field added to the report travels without a change
/// here, and an older peer ignores what it does not know.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("MicroPython.Sandbox.Orleans.RunReportSurrogate")]
internal struct RunReportSurrogate
{
    /// <summary>The report as <see cref="RunReportJsonContext"/> writes it.</summary>
    [Id(0)]
    public byte[] Json;
}

/// <summary>Converts <see cref="RunReport"/> to and from <see cref="RunReportSurrogate"/> for Orleans' serializer.</summary>
[RegisterConverter]
internal sealed class RunReportSurrogateConverter : IConverter<RunReport, RunReportSurrogate>
{
    public RunReport ConvertFromSurrogate(in RunReportSurrogate surrogate) =>
        JsonSerializer.Deserialize(surrogate.Json, RunReportJsonContext.Default.RunReport)
        ?? throw new JsonException("A run report was serialized as null.");

    public RunReportSurrogate ConvertToSurrogate(in RunReport value) =>
        new() { Json = JsonSerializer.SerializeToUtf8Bytes(value, RunReportJsonContext.Default.RunReport) };
}
