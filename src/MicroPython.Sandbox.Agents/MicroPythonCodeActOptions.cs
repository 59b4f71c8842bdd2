using MicroPython.Sandbox.Extensions.AI;
using Microsoft.Extensions.AI;

namespace MicroPython.Sandbox.Agents;

/// <summary>
/// Settings of a <see cref="MicroPythonCodeActProvider"/> and of a standalone <see cref="MicroPythonExecuteCodeFunction"/>:
/// the tools the code may call, the host files and folders it can read, when running code needs a person's approval,
/// and everything else a <see cref="PythonToolOptions"/> holds (limits, sessions, output budget).
/// </summary>
public sealed class MicroPythonCodeActOptions
{
    /// <summary>The name the model calls the tool by (default <c>execute_code</c>, as Agent Framework's CodeAct providers name theirs).</summary>
    public string ToolName { get; set; } = "execute_code";

    /// <summary>
    /// The host's tools the code can call by name with keyword arguments (code mode). They are not shown to the model
    /// as tools of their own: it reaches them from Python, usually several in one program.
    /// </summary>
    public IEnumerable<AIFunction>? Tools { get; set; }

    /// <summary>Host files and folders the code can read, each at its path in the sandbox.</summary>
    public IEnumerable<FileMount>? FileMounts { get; set; }

    /// <summary>
    /// Origins (<c>scheme://host[:port][/path-prefix]</c>) the code may reach over HTTP with <c>requests</c> or
    /// <c>urllib.request</c>; none by default, and nothing else is reachable. The other network settings (methods,
    /// sizes, request count, the host's own handler) are on <see cref="SandboxOptions.Network"/> through
    /// <see cref="ConfigurePython"/>.
    /// </summary>
    public IEnumerable<string>? AllowedOrigins { get; set; }

    /// <summary>When running code needs a person's approval (default <see cref="CodeActApprovalMode.NeverRequire"/>).</summary>
    public CodeActApprovalMode ApprovalMode { get; set; } = CodeActApprovalMode.NeverRequire;

    /// <summary>
    /// The key of the provider's state in <c>AgentSession.StateBag</c> (default <c>MicroPythonCodeActProvider</c>).
    /// Give each provider of one agent its own key.
    /// </summary>
    public string? StateKey { get; set; }

    /// <summary>
    /// Sets everything else on the options of the underlying <see cref="PythonSandboxFunction"/>: the sandbox's limits
    /// (<see cref="PythonToolOptions.Sandbox"/>), <see cref="PythonToolOptions.KeepSessions"/>,
    /// <see cref="PythonToolOptions.MaxSessions"/>, <see cref="PythonToolOptions.Output"/>,
    /// <see cref="PythonToolOptions.ApproveToolCall"/>, <see cref="PythonToolOptions.AdditionalInstructions"/> and so on.
    /// It runs on fresh options each time the provider's configuration is captured; the tool name, tools and mounts are
    /// added after it.
    /// </summary>
    public Action<PythonToolOptions>? ConfigurePython { get; set; }
}

/// <summary>A host file or folder the sandboxed code can read, at a path of its own in the sandbox.</summary>
/// <param name="HostPath">An existing file or directory on the host (relative paths are resolved against the current directory).</param>
/// <param name="MountPath">Where the code sees it, an absolute path such as <c>/data/sales.csv</c> or <c>/input</c>.</param>
/// <remarks>
/// A file is read (up to the sandbox's <see cref="SandboxOptions.MaxFileBytes"/>) when the provider's configuration is
/// captured, so the code sees it as it was then; a directory is mounted read-only and read live.
/// </remarks>
public sealed record FileMount(string HostPath, string MountPath);

/// <summary>When running code through the CodeAct tool needs a person's approval.</summary>
public enum CodeActApprovalMode
{
    /// <summary>
    /// Code runs without asking, unless one of the provider's tools is an <see cref="ApprovalRequiredAIFunction"/> and no
    /// <see cref="PythonToolOptions.ApproveToolCall"/> callback decides its calls: then the whole tool needs approval,
    /// and the approval of a run covers the calls its code makes.
    /// </summary>
    NeverRequire,

    /// <summary>
    /// Every run needs approval: the tool is an <see cref="ApprovalRequiredAIFunction"/>, so the agent asks the person
    /// (a <see cref="ToolApprovalRequestContent"/>) before the code runs, and the approval covers the calls its code makes
    /// to tools that need approval.
    /// </summary>
    AlwaysRequire,
}
