using System.Diagnostics.Metrics;
using System.Text.Json.Serialization;
using MicroPython.Sandbox.Extensions.AI;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace MicroPython.Sandbox.Agents;

/// <summary>
/// CodeAct for an Agent Framework agent: before every run it adds an <c>execute_code</c> tool that runs Python in a
/// MicroPython sandbox, and short instructions on using it. Each agent session keeps one resident interpreter, so the
/// model builds on the variables and functions of its earlier calls; the host's tools in the provider's registry are
/// Python functions inside the code; host files and folders can be mounted read-only; and the approval mode decides
/// when a person must approve a run.
/// </summary>
/// <remarks>
/// <para>
/// Add it with <c>ChatClientAgentOptions.AIContextProviders</c>. The tool registry (<see cref="AddTools"/>,
/// <see cref="RemoveTools"/>, ...) and the mounts can change between runs; each run uses the configuration captured
/// when it starts. A change starts new interpreters: the next run of a session that had one is told in its instructions
/// that earlier state is gone.
/// </para>
/// <para>
/// The session's state (<c>AgentSession.StateBag</c> under <see cref="StateKeys"/>) holds only the id of its
/// interpreter, so sessions serialize as usual; the interpreters live in this provider, at most
/// <see cref="PythonToolOptions.MaxSessions"/> of them, idle ones dropped after
/// <see cref="PythonToolOptions.SessionIdleTimeout"/> (the model is told when that lost its state). A run without a
/// session gets an interpreter of its own.
/// </para>
/// <para>
/// Bad input from the model (a missing or mistyped argument, code over the size limit), failing code, limits and
/// failing tools all come back as results the model can read, never as exceptions into the agent loop.
/// </para>
/// </remarks>
public sealed class MicroPythonCodeActProvider : AIContextProvider, IAsyncDisposable, IDisposable
{
    /// <summary>The key of the provider's state in <c>AgentSession.StateBag</c> unless <see cref="MicroPythonCodeActOptions.StateKey"/> names another.</summary>
    public const string DefaultStateKey = nameof(MicroPythonCodeActProvider);

    private const string ReconfiguredNote =
        "Note: the Python tool was reconfigured (or the application restarted) since this conversation last used it: variables, imports, functions and files from earlier calls are gone.";

    private readonly Lock _gate = new();
    private readonly MicroPythonCodeActOptions _template;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly IMeterFactory? _meterFactory;
    private readonly TimeProvider? _timeProvider;
    private readonly string[] _stateKeys;
    private readonly ProviderSessionState<SessionState> _state;
    // Identifies this provider's configurations across restarts: a session saved by another process never matches.
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly Dictionary<string, MicroPythonExecuteCodeFunction> _retired = new(StringComparer.Ordinal);
    private List<AIFunction> _tools;
    private List<FileMount> _mounts;
    private MicroPythonExecuteCodeFunction _current;
    private int _generation;
    private bool _disposed;

    /// <summary>Creates the provider.</summary>
    /// <param name="options">Its settings; null for the defaults. The initial tools and mounts are copied into the provider's registry.</param>
    /// <param name="loggerFactory">Where the tool's logs go; null for none.</param>
    /// <param name="meterFactory">Creates the meter of the tool's metrics; null for a meter of its own.</param>
    /// <param name="timeProvider">The clock of idle expiry; null for the system clock.</param>
    /// <exception cref="ArgumentException">A setting is out of range, two tools share a name, or a mount is invalid (see <see cref="MicroPythonExecuteCodeFunction"/>).</exception>
    public MicroPythonCodeActProvider(MicroPythonCodeActOptions? options = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        options ??= new MicroPythonCodeActOptions();
        _template = new MicroPythonCodeActOptions
        {
            ToolName = options.ToolName,
            ApprovalMode = options.ApprovalMode,
            StateKey = options.StateKey,
            ConfigurePython = options.ConfigurePython,
        };
        _loggerFactory = loggerFactory;
        _meterFactory = meterFactory;
        _timeProvider = timeProvider;
        string stateKey = string.IsNullOrWhiteSpace(options.StateKey) ? DefaultStateKey : options.StateKey;
        _stateKeys = [stateKey];
        _state = new ProviderSessionState<SessionState>(static _ => new SessionState { ConversationId = Guid.NewGuid().ToString("N") }, stateKey, SessionStateJson.Default.Options);
        _tools = [.. options.Tools ?? []];
        _mounts = [.. options.FileMounts ?? []];
        _current = Create(_tools, _mounts);
    }

    /// <summary>The key of the provider's state in <c>AgentSession.StateBag</c>.</summary>
    public override IReadOnlyList<string> StateKeys => _stateKeys;

    /// <summary>Adds tools the code can call; later runs see them.</summary>
    /// <param name="tools">The tools.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tools"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">A tool's name is already in the registry.</exception>
    public void AddTools(params AIFunction[] tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        Change((t, m) => t.AddRange(tools), tools.Length > 0);
    }

    /// <summary>The tools the code can call now.</summary>
    /// <returns>A copy of the registry.</returns>
    public IReadOnlyList<AIFunction> GetTools()
    {
        lock (_gate) return [.. _tools];
    }

    /// <summary>Removes tools by name; later runs no longer see them.</summary>
    /// <param name="names">The tools' names; names not in the registry are ignored.</param>
    /// <exception cref="ArgumentNullException"><paramref name="names"/> is null.</exception>
    public void RemoveTools(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Change((t, m) => t.RemoveAll(tool => names.Contains(tool.Name, StringComparer.Ordinal)), names.Length > 0);
    }

    /// <summary>Removes every tool.</summary>
    public void ClearTools() => Change((t, m) => t.Clear(), true);

    /// <summary>Adds host files and folders the code can read; later runs see them.</summary>
    /// <param name="mounts">The mounts.</param>
    /// <exception cref="ArgumentNullException"><paramref name="mounts"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">A host path does not exist, a file is too large, or a mount path is malformed or already used.</exception>
    public void AddFileMounts(params FileMount[] mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        Change((t, m) => m.AddRange(mounts), mounts.Length > 0);
    }

    /// <summary>The host files and folders the code can read now.</summary>
    /// <returns>A copy of the mounts.</returns>
    public IReadOnlyList<FileMount> GetFileMounts()
    {
        lock (_gate) return [.. _mounts];
    }

    /// <summary>Removes mounts by their path in the sandbox.</summary>
    /// <param name="mountPaths">The paths; paths not mounted are ignored.</param>
    /// <exception cref="ArgumentNullException"><paramref name="mountPaths"/> is null.</exception>
    public void RemoveFileMounts(params string[] mountPaths)
    {
        ArgumentNullException.ThrowIfNull(mountPaths);
        Change((t, m) => m.RemoveAll(mount => mountPaths.Contains(mount.MountPath, StringComparer.Ordinal)), mountPaths.Length > 0);
    }

    /// <summary>Removes every mount.</summary>
    public void ClearFileMounts() => Change((t, m) => m.Clear(), true);

    /// <summary>The instructions the provider adds to a run with the current configuration.</summary>
    /// <returns>The instructions.</returns>
    public string BuildInstructions()
    {
        lock (_gate) return _current.BuildInstructions();
    }

    /// <summary>Disposes the interpreter of <paramref name="session"/>, if it has one; its next run starts afresh.</summary>
    /// <param name="session">The agent session.</param>
    /// <returns>True when there was an interpreter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is null.</exception>
    public async ValueTask<bool> EndSessionAsync(AgentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var state = _state.GetOrInitializeState(session);
        MicroPythonExecuteCodeFunction function;
        lock (_gate) function = _current;
        bool ended = await function.EndConversationAsync(state.ConversationId).ConfigureAwait(false);
        foreach (var retired in RetiredFunctions()) ended |= await retired.EndConversationAsync(state.ConversationId).ConfigureAwait(false);
        return ended;
    }

    /// <summary>Adds the <c>execute_code</c> tool, bound to the session's interpreter, and the instructions on using it.</summary>
    /// <param name="context">The run that is starting.</param>
    /// <param name="cancellationToken">Cancels the preparation.</param>
    /// <returns>The tool and the instructions.</returns>
    protected override async ValueTask<AIContext> ProvideAIContextAsync(InvokingContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        MicroPythonExecuteCodeFunction function;
        string configuration;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            function = _current;
            configuration = $"{_instance}:{_generation}";
        }

        string conversationId;
        string? note = null;
        if (context.Session is not { } session)
        {
            // Nothing to keep state in: the run gets an interpreter of its own, which the store evicts or expires.
            conversationId = "run-" + Guid.NewGuid().ToString("N");
        }
        else
        {
            var state = _state.GetOrInitializeState(session);
            conversationId = state.ConversationId;
            if (state.Configuration != configuration)
            {
                if (state.Configuration is { } previous)
                {
                    note = ReconfiguredNote;
                    MicroPythonExecuteCodeFunction? old;
                    lock (_gate) _retired.TryGetValue(previous, out old);
                    // The session moves to the new configuration: its old interpreter is no use to anyone.
                    if (old is not null) await old.EndConversationAsync(conversationId).ConfigureAwait(false);
                }
                state.Configuration = configuration;
                _state.SaveState(session, state);
            }
        }

        string instructions = function.BuildInstructions();
        return new AIContext
        {
            Instructions = note is null ? instructions : instructions + "\n" + note,
            Tools = [function.AsAIFunction(conversationId)],
        };
    }

    /// <summary>Disposes every interpreter (a run in progress ends as cancelled). Later runs fail with <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A task that completes when they are released.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var function in TakeAll()) await function.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Disposes every interpreter, blocking until they are released; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose()
    {
        foreach (var function in TakeAll()) function.Dispose();
    }

    /// <summary>
    /// Applies a change to copies of the registry, builds the function of the new configuration (so a bad change throws
    /// here and changes nothing), then makes it current. The previous function stays alive for runs that captured it.
    /// </summary>
    private void Change(Action<List<AIFunction>, List<FileMount>> change, bool changes)
    {
        if (!changes) return;
        List<MicroPythonExecuteCodeFunction> unused;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            List<AIFunction> tools = [.. _tools];
            List<FileMount> mounts = [.. _mounts];
            change(tools, mounts);
            var created = Create(tools, mounts);
            _retired[$"{_instance}:{_generation}"] = _current;
            _current = created;
            _generation++;
            _tools = tools;
            _mounts = mounts;
            // Earlier configurations whose interpreters are all gone serve no one (sessions that still name them just
            // start afresh); those with interpreters left are dropped as those expire, or with the provider.
            unused = [];
            foreach (var (key, function) in _retired.ToList())
            {
                if (function.SessionCount > 0) continue;
                _retired.Remove(key);
                unused.Add(function);
            }
        }
        foreach (var function in unused) function.Dispose();
    }

    private MicroPythonExecuteCodeFunction Create(List<AIFunction> tools, List<FileMount> mounts)
    {
        foreach (var tool in tools) ArgumentNullException.ThrowIfNull(tool, nameof(tools));
        foreach (var mount in mounts) ArgumentNullException.ThrowIfNull(mount, nameof(mounts));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in tools)
            if (!names.Add(tool.Name)) throw new ArgumentException($"A tool named '{tool.Name}' is already in the registry.", nameof(tools));
        return new MicroPythonExecuteCodeFunction(new MicroPythonCodeActOptions
        {
            ToolName = _template.ToolName,
            ApprovalMode = _template.ApprovalMode,
            ConfigurePython = _template.ConfigurePython,
            Tools = tools,
            FileMounts = mounts,
        }, _loggerFactory, _meterFactory, _timeProvider);
    }

    private List<MicroPythonExecuteCodeFunction> RetiredFunctions()
    {
        lock (_gate) return [.. _retired.Values];
    }

    private List<MicroPythonExecuteCodeFunction> TakeAll()
    {
        lock (_gate)
        {
            if (_disposed) return [];
            _disposed = true;
            List<MicroPythonExecuteCodeFunction> all = [_current, .. _retired.Values];
            _retired.Clear();
            return all;
        }
    }

    /// <summary>What a session remembers: its interpreter's id and the configuration it last ran with.</summary>
    internal sealed class SessionState
    {
        public required string ConversationId { get; set; }

        public string? Configuration { get; set; }
    }
}

/// <summary>Serialization of the session state without reflection (AOT).</summary>
[JsonSerializable(typeof(MicroPythonCodeActProvider.SessionState))]
internal sealed partial class SessionStateJson : JsonSerializerContext;
