using System.Diagnostics.Metrics;
using MicroPython.Sandbox.Extensions.AI;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace MicroPython.Sandbox.Mcp;

/// <summary>
/// The Python tools of an MCP server: a one-shot tool (<c>run_python</c>: every call in a fresh interpreter) and a
/// session tool (<c>execute_python</c>: one resident interpreter per MCP connection, with a <c>reset</c> argument). Add
/// <see cref="Tools"/> to a server's tool collection, or let
/// <see cref="PythonSandboxMcpServerBuilderExtensions.WithPythonSandboxTools"/> do it.
/// </summary>
/// <remarks>
/// <para>
/// The tools are <see cref="PythonSandboxFunction"/>s served over MCP: the same arguments (<c>code</c>, <c>reset</c>), the
/// same description generated from the configuration, and the same result, the JSON object built on
/// <see cref="RunReport"/> and shortened with <see cref="RunReport.Trim(RunReportTrimOptions)"/>, sent as the text
/// content of the tool result.
/// </para>
/// <para>
/// <b>Connections.</b> A session belongs to the MCP session id of the connection when the transport has one (HTTP), and
/// otherwise to the server (stdio, where a server serves one connection). A stateless HTTP server has neither, so all its
/// clients would share one session: leave the session tool out there (<see cref="PythonSandboxMcpOptions.SessionToolName"/>
/// null). Calls on one connection take turns: the server handles requests concurrently, but a session runs one call at a time.
/// </para>
/// <para>
/// Every call answers with a tool result: bad arguments, code over the size limit, Python errors and limit hits come back
/// with <c>isError</c> set and a message the model can act on; nothing the client sends makes a tool throw.
/// </para>
/// </remarks>
public sealed class PythonSandboxMcpTools : IAsyncDisposable, IDisposable
{
    private readonly PythonSandboxFunction? _run;
    private readonly PythonSandboxFunction? _session;

    /// <summary>Creates the tools.</summary>
    /// <param name="options">Their settings; null for the defaults. They are read now: later changes have no effect.</param>
    /// <param name="loggerFactory">Where logs go; null for none.</param>
    /// <param name="meterFactory">Creates the meters of the tools' metrics; null for meters of their own.</param>
    /// <exception cref="ArgumentException">A setting is out of range, both tools are left out, or they have the same name.</exception>
    public PythonSandboxMcpTools(PythonSandboxMcpOptions? options = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        options ??= new PythonSandboxMcpOptions();
        if (options.RunToolName is null && options.SessionToolName is null)
            throw new ArgumentException("At least one of RunToolName and SessionToolName must be set.", nameof(options));
        if (string.Equals(options.RunToolName, options.SessionToolName, StringComparison.Ordinal))
            throw new ArgumentException($"The one-shot and session tools are both named '{options.RunToolName}'.", nameof(options));

        var tools = new List<McpServerTool>(2);
        try
        {
            if (options.RunToolName is { } runName)
            {
                _run = new PythonSandboxFunction(FunctionOptions(options, runName, keepSessions: false), loggerFactory, meterFactory);
                tools.Add(new PythonMcpTool(_run, perConnection: false, options.Sandbox));
            }
            if (options.SessionToolName is { } sessionName)
            {
                _session = new PythonSandboxFunction(FunctionOptions(options, sessionName, keepSessions: true), loggerFactory, meterFactory);
                tools.Add(new PythonMcpTool(_session, perConnection: true, options.Sandbox));
            }
        }
        catch
        {
            _run?.Dispose();
            throw;
        }
        Tools = tools;
    }

    /// <summary>The tools, one-shot first; add them to an MCP server.</summary>
    public IReadOnlyList<McpServerTool> Tools { get; }

    /// <summary>Connections with a resident interpreter now.</summary>
    public int SessionCount => _session?.SessionCount ?? 0;

    private static PythonToolOptions FunctionOptions(PythonSandboxMcpOptions options, string name, bool keepSessions)
    {
        var function = new PythonToolOptions
        {
            Name = name,
            KeepSessions = keepSessions,
            Sandbox = options.Sandbox,
            Runtime = options.Runtime,
            Output = options.Output,
            MaxSessions = options.MaxSessions,
            SessionIdleTimeout = options.SessionIdleTimeout,
            AdditionalInstructions = options.AdditionalInstructions,
            // The connection, not the caller, names the session: see PythonMcpTool.
            ConversationIdSelector = null,
        };
        function.AddTools(options.Tools);
        foreach (var hostFunction in options.HostFunctions) function.HostFunctions.Add(hostFunction);
        return function;
    }

    /// <summary>Disposes every session (a run in progress ends as cancelled); later calls answer that the tool is shut down.</summary>
    /// <returns>A task that completes when the sessions are released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_run is not null) await _run.DisposeAsync().ConfigureAwait(false);
        if (_session is not null) await _session.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Disposes every session, blocking until they are released; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose()
    {
        _run?.Dispose();
        _session?.Dispose();
    }
}
