using Microsoft.Extensions.AI;

namespace MicroPython.Sandbox.Extensions.AI;

/// <summary>Settings of a <see cref="PythonSandboxFunction"/>: the sandbox's limits, sessions, output budget, the functions Python may call and what is logged.</summary>
public sealed class PythonToolOptions
{
    /// <summary>The name the model calls the tool by (default <c>execute_python</c>).</summary>
    public string Name { get; set; } = "execute_python";

    /// <summary>
    /// True (the default): one resident interpreter per conversation keeps variables, imports and functions between
    /// calls. False: every call runs in a fresh interpreter.
    /// </summary>
    public bool KeepSessions { get; set; } = true;

    /// <summary>Limits of every run (time, memory, output, source size) and the files and directories the code can read. Read when the function is created.</summary>
    public SandboxOptions Sandbox { get; set; } = new();

    /// <summary>The runtime whose engines run the code; null for <see cref="SandboxRuntime.Shared"/>.</summary>
    public SandboxRuntime? Runtime { get; set; }

    /// <summary>How long results may be before they are shortened for the model (head and tail kept).</summary>
    public RunReportTrimOptions Output { get; set; } = new();

    /// <summary>Most conversations with a resident interpreter at once (default 16); past it the least recently used idle one is disposed.</summary>
    public int MaxSessions { get; set; } = 16;

    /// <summary>How long an unused session is kept (default 30 minutes); <see cref="Timeout.InfiniteTimeSpan"/> keeps sessions until evicted by <see cref="MaxSessions"/>.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Picks the conversation a call belongs to; null uses the default rule of <see cref="PythonSandboxFunction"/>
    /// (the <see cref="PythonSandboxFunction.ConversationIdKey"/> entry of <see cref="AIFunctionArguments.Context"/>,
    /// else one shared default conversation).
    /// </summary>
    public Func<AIFunctionArguments, string?>? ConversationIdSelector { get; set; }

    /// <summary>
    /// The host's other tools, callable from Python by name with keyword arguments (code mode), and listed in the
    /// tool description with their parameters. See <see cref="PythonSandboxFunction"/> for the rules.
    /// </summary>
    public IList<AIFunction> Tools { get; } = [];

    /// <summary>Functions defined directly on each session (<see cref="PythonSession"/>'s <c>DefineFunction</c>), with the signature and description the model reads.</summary>
    public IList<PythonHostFunction> HostFunctions { get; } = [];

    /// <summary>Most calls to <see cref="Tools"/> in one run (default 50); calls past it raise RuntimeError in Python.</summary>
    public int MaxToolCallsPerRun { get; set; } = 50;

    /// <summary>
    /// Decides whether code may call a tool that requires approval (an <see cref="ApprovalRequiredAIFunction"/>). Without
    /// it such tools are listed but every call from code raises PermissionError.
    /// </summary>
    public Func<PythonToolCallApproval, CancellationToken, ValueTask<bool>>? ApproveToolCall { get; set; }

    /// <summary>Text appended to the generated tool description, e.g. what the data files hold.</summary>
    public string? AdditionalInstructions { get; set; }

    /// <summary>Logs the code of each call at debug level (default false: code can hold what users typed).</summary>
    public bool LogCode { get; set; }

    /// <summary>Logs the (shortened) output of each call at debug level (default false).</summary>
    public bool LogOutput { get; set; }

    /// <summary>Adds tools for code mode; see <see cref="Tools"/>.</summary>
    /// <param name="tools">The tools.</param>
    /// <returns>These options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tools"/> or one of them is null.</exception>
    public PythonToolOptions AddTools(IEnumerable<AIFunction> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        foreach (var tool in tools)
        {
            ArgumentNullException.ThrowIfNull(tool, nameof(tools));
            Tools.Add(tool);
        }
        return this;
    }

    /// <summary>Adds tools for code mode; see <see cref="Tools"/>.</summary>
    /// <param name="tools">The tools.</param>
    /// <returns>These options.</returns>
    public PythonToolOptions AddTools(params AIFunction[] tools) => AddTools((IEnumerable<AIFunction>)tools);
}

/// <summary>
/// A function defined on each session of a <see cref="PythonSandboxFunction"/> with <see cref="PythonSession"/>'s
/// <c>DefineFunction</c>, plus what the model reads about it in the tool description.
/// </summary>
/// <param name="Signature">How Python calls it, e.g. <c>lookup(sku: str) -&gt; dict</c>.</param>
/// <param name="Description">What it does, in one or two sentences.</param>
/// <param name="Define">Defines it on a new session, e.g. <c>s =&gt; s.DefineFunction("lookup", (string sku) =&gt; ...)</c>.</param>
public sealed record PythonHostFunction(string Signature, string Description, Action<PythonSession> Define);

/// <summary>A call from Python to a tool that requires approval, for <see cref="PythonToolOptions.ApproveToolCall"/> to decide.</summary>
/// <param name="Tool">The tool (still wrapped in its <see cref="ApprovalRequiredAIFunction"/>).</param>
/// <param name="Arguments">The arguments, checked against the tool's schema.</param>
/// <param name="ConversationId">The conversation whose code makes the call; null in one-shot mode.</param>
public sealed record PythonToolCallApproval(AIFunction Tool, IReadOnlyDictionary<string, object?> Arguments, string? ConversationId);
