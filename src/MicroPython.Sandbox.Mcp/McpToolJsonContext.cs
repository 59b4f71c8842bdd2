using System.Text.Json.Serialization;

namespace MicroPython.Sandbox.Mcp;

/// <summary>Source-generated JSON for the few values the tools write themselves (no reflection, AOT-safe).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class McpToolJsonContext : JsonSerializerContext;
