using MicroPython.Sandbox.Extensions.AI;
using Microsoft.Extensions.AI;

namespace MicroPython.Sandbox.Mcp;

/// <summary>
/// Settings of the Python tools an MCP server offers (<see cref="PythonSandboxMcpTools"/>): their names, the sandbox's
/// limits and files, the sessions kept per MCP connection and how long results may be.
/// </summary>
public sealed class PythonSandboxMcpOptions
{
    /// <summary>The name of the one-shot tool, whose every call runs in a fresh interpreter (default <c>run_python</c>); null to leave it out.</summary>
    public string? RunToolName { get; set; } = "run_python";

    /// <summary>
    /// The name of the session tool (default <c>execute_python</c>, as <see cref="PythonSandboxFunction"/> names it), whose calls
    /// share one resident interpreter per MCP connection and take a <c>reset</c> argument; null to leave it out.
    /// </summary>
    public string? SessionToolName { get; set; } = "execute_python";

    /// <summary>Limits of every run (time, memory, output, source size) and the files and directories the code can read. Read when the tools are created.</summary>
    public SandboxOptions Sandbox { get; set; } = new();

    /// <summary>The runtime whose engines run the code; null for <see cref="SandboxRuntime.Shared"/>.</summary>
    public SandboxRuntime? Runtime { get; set; }

    /// <summary>How long results may be before they are shortened for the model (head and tail kept).</summary>
    public RunReportTrimOptions Output { get; set; } = new();

    /// <summary>Most connections with a resident interpreter at once (default 16); past it the least recently used idle one is disposed.</summary>
    public int MaxSessions { get; set; } = 16;

    /// <summary>How long an unused session is kept (default 30 minutes); <see cref="Timeout.InfiniteTimeSpan"/> keeps sessions until evicted by <see cref="MaxSessions"/>.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Host tools callable from the Python code by name with keyword arguments (code mode), as
    /// <see cref="PythonToolOptions.Tools"/> describes.
    /// </summary>
    public IList<AIFunction> Tools { get; } = [];

    /// <summary>Functions defined directly on each interpreter, as <see cref="PythonToolOptions.HostFunctions"/> describes.</summary>
    public IList<PythonHostFunction> HostFunctions { get; } = [];

    /// <summary>Text appended to the generated tool descriptions, e.g. what the data files hold.</summary>
    public string? AdditionalInstructions { get; set; }
}
