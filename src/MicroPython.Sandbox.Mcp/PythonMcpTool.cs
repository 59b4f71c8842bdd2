using System.Runtime.CompilerServices;
using System.Text.Json;
using MicroPython.Sandbox.Extensions.AI;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace MicroPython.Sandbox.Mcp;

/// <summary>
/// A <see cref="PythonSandboxFunction"/> as an MCP tool. Registered as an instance, not discovered by reflection, so
/// the server needs no reflection-based binding and works in trimmed and ahead-of-time compiled applications.
/// </summary>
internal sealed class PythonMcpTool : McpServerTool
{
    private static readonly ConditionalWeakTable<McpServer, string> ConnectionIds = [];
    private static long _lastConnection;

    private readonly PythonSandboxFunction _function;
    private readonly bool _perConnection;

    public PythonMcpTool(PythonSandboxFunction function, bool perConnection, SandboxOptions sandbox)
    {
        _function = function;
        _perConnection = perConnection;
        bool writes = sandbox.Mounts.Any(m => m.Writable);
        ProtocolTool = new Tool
        {
            Name = function.Name,
            Title = perConnection ? "Run Python in this connection's session" : "Run Python in a fresh interpreter",
            Description = function.Description,
            InputSchema = function.JsonSchema,
            Annotations = new ToolAnnotations
            {
                // Code runs in a sandbox without network; it changes nothing outside unless a directory is mounted writable.
                ReadOnlyHint = !writes,
                DestructiveHint = writes,
                IdempotentHint = false,
                OpenWorldHint = false,
            },
        };
    }

    public override Tool ProtocolTool { get; }

    public override IReadOnlyList<object> Metadata => [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arguments = new AIFunctionArguments { Services = request.Services };
        if (request.Params?.Arguments is { } given)
            foreach (var (name, value) in given) arguments[name] = value;
        if (_perConnection)
            arguments.Context = new Dictionary<object, object?> { [PythonSandboxFunction.ConversationIdKey] = ConnectionOf(request.Server) };

        JsonElement result;
        try
        {
            result = (JsonElement)(await _function.InvokeAsync(arguments, cancellationToken).ConfigureAwait(false))!;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // The function turns every fault of the code and every bad argument into a result; this is the last line
            // that keeps an unforeseen host failure a result the model can read rather than a dropped request.
            return new CallToolResult
            {
                IsError = true,
                Content = [new TextContentBlock { Text = $$"""{"status":"hostError","success":false,"message":{{JsonSerializer.Serialize(e.Message, McpToolJsonContext.Default.String)}}}""" }],
            };
        }
        bool success = result.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.True;
        return new CallToolResult
        {
            IsError = !success,
            Content = [new TextContentBlock { Text = result.GetRawText() }],
        };
    }

    /// <summary>
    /// The session key of a connection: its MCP session id when the transport has one, otherwise an id given to the server
    /// object (one per stdio connection), which outlives no connection since the table holds the server weakly.
    /// </summary>
    private static string ConnectionOf(McpServer server) =>
        server.SessionId is { Length: > 0 } id ? "mcp:" + id
            : ConnectionIds.GetValue(server, static _ => "mcp#" + Interlocked.Increment(ref _lastConnection).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
