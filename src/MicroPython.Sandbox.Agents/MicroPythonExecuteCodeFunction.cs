using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using MicroPython.Sandbox.Extensions.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace MicroPython.Sandbox.Agents;

/// <summary>
/// The CodeAct tool on its own, for wiring by hand where the <see cref="MicroPythonCodeActProvider"/> lifecycle is not
/// wanted: an <c>execute_code</c> function taking <c>{"code": "..."}</c> and answering with the CodeAct result
/// <c>{"stdout", "stderr", "exit_code", "success"}</c> plus this library's details (status, the last expression's repr,
/// the error with its line and traceback, files written, what was shortened). Its configuration is read once, when it is
/// created.
/// </summary>
/// <remarks>
/// Unlike a sandbox that restores a clean snapshot per call, each conversation keeps one resident interpreter (unless
/// <see cref="PythonToolOptions.KeepSessions"/> is turned off through <see cref="MicroPythonCodeActOptions.ConfigurePython"/>),
/// so variables, imports and functions last between calls. <see cref="AsAIFunction(string)"/> binds the function to one
/// conversation; <see cref="AsAIFunction()"/> follows the rule of <see cref="PythonSandboxFunction"/>.
/// </remarks>
public sealed class MicroPythonExecuteCodeFunction : IAsyncDisposable, IDisposable
{
    private readonly PythonSandboxFunction _python;
    private readonly AIFunction[] _tools;
    private readonly FileMount[] _mounts;
    private readonly bool _keepSessions;
    private readonly string _toolName;
    private readonly AIFunction _function;

    /// <summary>Creates the function.</summary>
    /// <param name="options">Its settings; null for the defaults. They are read now: later changes have no effect.</param>
    /// <param name="loggerFactory">Where logs go; null for none.</param>
    /// <param name="meterFactory">Creates the meter of the tool's metrics; null for a meter of its own.</param>
    /// <param name="timeProvider">The clock of idle expiry; null for the system clock.</param>
    /// <exception cref="ArgumentException">
    /// A setting is out of range, two tools share a name, a mounted host path does not exist, a mounted file is larger
    /// than the sandbox allows, or two mounts collide.
    /// </exception>
    /// <exception cref="IOException">A mounted file could not be read.</exception>
    public MicroPythonExecuteCodeFunction(MicroPythonCodeActOptions? options = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        options ??= new MicroPythonCodeActOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ToolName, nameof(options));
        if (!Enum.IsDefined(options.ApprovalMode)) throw new ArgumentOutOfRangeException(nameof(options), options.ApprovalMode, "Unknown approval mode.");
        _tools = [.. options.Tools ?? []];
        foreach (var tool in _tools) ArgumentNullException.ThrowIfNull(tool, nameof(options));
        _mounts = [.. options.FileMounts ?? []];

        var python = new PythonToolOptions();
        options.ConfigurePython?.Invoke(python);
        python.Name = options.ToolName;
        python.AddTools(_tools);
        foreach (var mount in _mounts) Mount(python.Sandbox, mount);
        foreach (var origin in options.AllowedOrigins ?? []) python.Sandbox.Network.AllowedOrigins.Add(origin);

        bool toolNeedsApproval = _tools.Any(static t => t.GetService<ApprovalRequiredAIFunction>() is not null);
        RequiresApproval = options.ApprovalMode == CodeActApprovalMode.AlwaysRequire || (toolNeedsApproval && python.ApproveToolCall is null);
        // Bundled approval: a person who approved the code approved the calls it makes. A callback the developer set
        // still decides each call.
        if (RequiresApproval && python.ApproveToolCall is null) python.ApproveToolCall = static (_, _) => ValueTask.FromResult(true);

        _keepSessions = python.KeepSessions;
        _toolName = python.Name;
        _python = new PythonSandboxFunction(python, loggerFactory, meterFactory, timeProvider);
        _function = Expose(_python);
    }

    /// <summary>True when the function is an <see cref="ApprovalRequiredAIFunction"/>: the agent asks a person before each run.</summary>
    public bool RequiresApproval { get; }

    /// <summary>The tools the code can call, as configured.</summary>
    public IReadOnlyList<AIFunction> Tools => _tools;

    /// <summary>The host files and folders the code can read, as configured.</summary>
    public IReadOnlyList<FileMount> FileMounts => _mounts;

    /// <summary>Resident interpreters now (one per conversation that ran code and has not expired or been evicted).</summary>
    public int SessionCount => _python.SessionCount;

    /// <summary>
    /// The function to give an agent or a chat client. Its calls belong to the conversation the rule of
    /// <see cref="PythonSandboxFunction"/> picks (<see cref="PythonToolOptions.ConversationIdSelector"/>, else one shared
    /// default conversation); prefer <see cref="AsAIFunction(string)"/> when several people use it.
    /// </summary>
    /// <returns>The function, wrapped in <see cref="ApprovalRequiredAIFunction"/> when <see cref="RequiresApproval"/>.</returns>
    public AIFunction AsAIFunction() => _function;

    /// <summary>The function bound to one conversation: every call runs in that conversation's interpreter.</summary>
    /// <param name="conversationId">The conversation, e.g. an agent session's or chat thread's id.</param>
    /// <returns>The function, wrapped in <see cref="ApprovalRequiredAIFunction"/> when <see cref="RequiresApproval"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="conversationId"/> is null.</exception>
    public AIFunction AsAIFunction(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        return Expose(_python.ForConversation(conversationId));
    }

    /// <summary>Runs one call as the model would make it and returns the CodeAct result, for callers outside an agent loop.</summary>
    /// <param name="code">The Python source.</param>
    /// <param name="conversationId">The conversation; null for the default rule.</param>
    /// <param name="cancellationToken">Stops the run (it ends as <c>cancelled</c>).</param>
    /// <returns>The result object the model would read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    public async Task<JsonElement> RunAsync(string code, string? conversationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        return CodeActResult.From(await _python.RunAsync(code, conversationId, cancellationToken: cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Disposes the conversation's interpreter, if it has one; its next call starts afresh.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <returns>True when there was one.</returns>
    public ValueTask<bool> EndConversationAsync(string conversationId) => _python.EndConversationAsync(conversationId);

    /// <summary>
    /// Short guidance for the agent's instructions: when to reach for the tool, that state persists, how to read its
    /// result, and the tools and files the code can use. The tool's own description carries the details (language
    /// differences, limits, signatures).
    /// </summary>
    /// <param name="toolsVisibleToModel">
    /// False (the default) when the tools are reachable only from code: each is listed with its description. True when
    /// the model also sees them as tools of their own: only their names are listed.
    /// </param>
    /// <returns>The instructions.</returns>
    public string BuildInstructions(bool toolsVisibleToModel = false)
    {
        var text = new StringBuilder();
        text.Append("You can run Python with the `").Append(_toolName).Append("` tool: a sandboxed MicroPython interpreter ")
            .Append("(standard modules such as json, re, math, statistics, collections, csv, datetime; no network, no package installs). ")
            .Append("Use it for calculations, data processing and anything that needs exact answers. ");
        text.Append(_keepSessions
            ? "Variables, imports and functions persist between calls in this conversation, so build on earlier results instead of recomputing them. "
            : "Each call starts from a fresh interpreter. ");
        text.Append("Print what you need, or end with an expression to get its repr. The result is JSON with success, exit_code, stdout, stderr ")
            .Append("and, on failure, error (type, message, line): read it and fix the code rather than guessing.");
        if (_tools.Length > 0)
        {
            text.Append("\nInside the code, these host tools are Python functions taking keyword arguments (or call_tool(\"name\", **kwargs)); ")
                .Append("prefer one program that calls several of them and prints only the summary:");
            foreach (var tool in _tools)
            {
                text.Append("\n- ").Append(tool.Name);
                if (!toolsVisibleToModel && !string.IsNullOrWhiteSpace(tool.Description)) text.Append(": ").Append(OneLine(tool.Description));
                if (tool.GetService<ApprovalRequiredAIFunction>() is not null) text.Append(" (needs approval)");
            }
        }
        if (_mounts.Length > 0)
        {
            text.Append("\nFiles the code can read:");
            foreach (var mount in _mounts) text.Append(' ').Append(mount.MountPath).Append(',');
            text.Length--;
            text.Append('.');
        }
        return text.ToString();
    }

    /// <summary>Disposes every interpreter (a run in progress ends as cancelled).</summary>
    /// <returns>A task that completes when they are released.</returns>
    public ValueTask DisposeAsync() => _python.DisposeAsync();

    /// <summary>Disposes every interpreter, blocking until they are released; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => _python.Dispose();

    private AIFunction Expose(AIFunction inner)
    {
        AIFunction function = new CodeActFunction(inner);
        return RequiresApproval ? new ApprovalRequiredAIFunction(function) : function;
    }

    private static void Mount(SandboxOptions sandbox, FileMount mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        ArgumentException.ThrowIfNullOrEmpty(mount.HostPath, nameof(mount));
        if (Directory.Exists(mount.HostPath))
        {
            sandbox.Mounts.Add(mount.HostPath, mount.MountPath, writable: false);
            return;
        }
        var file = new FileInfo(mount.HostPath);
        if (!file.Exists) throw new ArgumentException($"The host path '{mount.HostPath}' mounted at '{mount.MountPath}' does not exist.", nameof(mount));
        if (file.Length > sandbox.MaxFileBytes)
            throw new ArgumentException($"The file '{mount.HostPath}' ({file.Length:N0} bytes) is larger than the sandbox's MaxFileBytes ({sandbox.MaxFileBytes:N0}).", nameof(mount));
        using var stream = file.OpenRead();
        sandbox.Files.Add(mount.MountPath, stream);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The Python tool with its result in the CodeAct shape.</summary>
    private sealed class CodeActFunction(AIFunction inner) : DelegatingAIFunction(inner)
    {
        protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            object? result = await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
            return result is JsonElement json ? CodeActResult.From(json) : result;
        }
    }
}
