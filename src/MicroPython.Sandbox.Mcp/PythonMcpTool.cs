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
    private static readonly ConditionalWeakTable<McpServerOptions, string> ConnectionIds = [];
    private static long _lastConnection;

    private readonly PythonSandboxFunction _function;
    private readonly bool _perConnection;

    // Calls of one connection take turns; a fixed set of gates picked by the connection's key bounds the memory whatever
    // the number of connections (two connections rarely share a gate, and then only wait for each other).
    private readonly SemaphoreSlim[] _turns = [.. Enumerable.Range(0, 32).Select(_ => new SemaphoreSlim(1, 1))];

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
        SemaphoreSlim? turn = null;
        if (_perConnection)
        {
            string connection = ConnectionOf(request.Server);
            arguments.Context = new Dictionary<object, object?> { [PythonSandboxFunction.ConversationIdKey] = connection };
            turn = _turns[(int)((uint)StringComparer.Ordinal.GetHashCode(connection) % (uint)_turns.Length)];
        }

        JsonElement result;
        try
        {
            // The server handles requests concurrently; calls on one connection's session take turns, so that each
            // sees what the one before it left.
            if (turn is not null) await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                result = (JsonElement)(await _function.InvokeAsync(arguments, cancellationToken).ConfigureAwait(false))!;
            }
            finally
            {
                turn?.Release();
            }
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
    /// The session key of the connection a request came on: its MCP session id when the transport has sessions (HTTP);
    /// otherwise the server's options object, which is the server's own and so the connection's when it serves one
    /// connection (stdio). The table holds the options weakly, so a key goes with its server.
    /// </summary>
    private static string ConnectionOf(McpServer server) =>
        server.SessionId is { Length: > 0 } id ? "mcp:" + id
            : ConnectionIds.GetValue(server.ServerOptions, static _ => "mcp#" + Interlocked.Increment(ref _lastConnection).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
