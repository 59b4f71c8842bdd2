using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPython.Sandbox.Extensions.AI;

/// <summary>
/// A tool that runs the Python a model writes in a MicroPython sandbox and answers with a compact JSON result
/// (status, success, stdout, stderr, the last expression's repr, the error, the files written, what was shortened).
/// Add it to <see cref="ChatOptions.Tools"/> of a chat client with function invocation, to an agent, or to anything
/// else that takes an <see cref="AIFunction"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Conversations.</b> With <see cref="PythonToolOptions.KeepSessions"/> (the default) each conversation has one resident
/// interpreter whose variables, imports and functions last between calls, until the model passes <c>reset</c>, the
/// session idles past <see cref="PythonToolOptions.SessionIdleTimeout"/>, or it is the least recently used when
/// <see cref="PythonToolOptions.MaxSessions"/> is reached (the next result then says that state was lost). The conversation
/// of a call is, in this order: what <see cref="PythonToolOptions.ConversationIdSelector"/> returns; the string under
/// <see cref="ConversationIdKey"/> in <see cref="AIFunctionArguments.Context"/> (which <see cref="ForConversation(string)"/>
/// sets); otherwise one default conversation shared by every call, which suits an application with one user at a time.
/// </para>
/// <para>
/// <b>Code mode.</b> Each tool in <see cref="PythonToolOptions.Tools"/> is a Python function of the same name taking
/// keyword arguments (<c>get_weather(city="Paris")</c>), and <c>call_tool("name", **kwargs)</c> reaches any of them.
/// Arguments are checked against the tool's JSON schema (names, required ones, primitive types, enumerations) and a
/// mismatch raises TypeError; the result comes back as Python values (dict, list, str, ...); a tool that throws raises
/// <c>ToolError</c>; calls past <see cref="PythonToolOptions.MaxToolCallsPerRun"/> raise RuntimeError. A tool wrapped in
/// <see cref="ApprovalRequiredAIFunction"/> raises PermissionError unless <see cref="PythonToolOptions.ApproveToolCall"/>
/// allows that call.
/// </para>
/// <para>
/// Bad input (a missing or mistyped argument, code over the size limit) and every failure of the code are results the
/// model can read, never exceptions.
/// </para>
/// </remarks>
public sealed class PythonSandboxFunction : AIFunction, IAsyncDisposable, IDisposable
{
    /// <summary>The key of <see cref="AIFunctionArguments.Context"/> whose string value names the conversation.</summary>
    public const string ConversationIdKey = "MicroPython.Sandbox.ConversationId";

    /// <summary>The name of the <see cref="Meter"/> of the tool's metrics (runs, durations, limit hits, tool calls, sessions).</summary>
    public const string MeterName = "MicroPython.Sandbox.Extensions.AI";

    private const string DefaultConversation = "";

    private readonly PythonToolOptions _options;
    private readonly SandboxOptions _sandbox;
    private readonly SandboxRuntime _runtime;
    private readonly AIFunction[] _tools;
    private readonly PythonHostFunction[] _hostFunctions;
    private readonly ConversationSessions _sessions;
    private readonly PythonToolTelemetry _telemetry;
    private readonly ITimer? _sweeper;
    private readonly string _description;
    private readonly JsonElement _schema;

    /// <summary>Creates the tool.</summary>
    /// <param name="options">Its settings; null for the defaults. They are read now: later changes have no effect.</param>
    /// <param name="loggerFactory">Where logs go; null for none.</param>
    /// <param name="meterFactory">Creates the meter of the tool's metrics; null for a meter of its own.</param>
    /// <param name="timeProvider">The clock of idle expiry; null for the system clock.</param>
    /// <exception cref="ArgumentException">A setting is out of range or a tool name is repeated.</exception>
    public PythonSandboxFunction(PythonToolOptions? options = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        options ??= new PythonToolOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name, nameof(options));
        ArgumentNullException.ThrowIfNull(options.Sandbox, nameof(options));
        ArgumentNullException.ThrowIfNull(options.Output, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSessions, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxToolCallsPerRun, nameof(options));
        if (options.SessionIdleTimeout <= TimeSpan.Zero && options.SessionIdleTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(options), options.SessionIdleTimeout, "SessionIdleTimeout must be positive or Timeout.InfiniteTimeSpan.");
        options.Sandbox.Validate();

        _options = options;
        _sandbox = options.Sandbox;
        _runtime = options.Runtime ?? SandboxRuntime.Shared;
        _tools = [.. options.Tools];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in _tools)
            if (!names.Add(tool.Name)) throw new ArgumentException($"Two tools are named '{tool.Name}'.", nameof(options));
        _hostFunctions = [.. options.HostFunctions];
        _telemetry = new PythonToolTelemetry((loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PythonSandboxFunction>(), meterFactory);
        var time = timeProvider ?? TimeProvider.System;
        _sessions = new ConversationSessions(options.MaxSessions, options.SessionIdleTimeout, time, _telemetry);
        if (options.KeepSessions && options.SessionIdleTimeout != Timeout.InfiniteTimeSpan)
        {
            // Idle sessions are also dropped between calls, so an application that stops calling frees their memory.
            var period = TimeSpan.FromTicks(Math.Clamp(options.SessionIdleTimeout.Ticks / 4, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
            _sweeper = time.CreateTimer(static state => ((PythonSandboxFunction)state!).SweepIdle(), this, period, period);
        }
        _description = ToolDescription.Build(options, _tools, _hostFunctions);
        _schema = ToolBridge.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "object");
            w.WriteStartObject("properties");
            w.WriteStartObject("code");
            w.WriteString("type", "string");
            w.WriteString("description", "The Python source to run. Print what you want to see, or end with an expression to get its repr.");
            w.WriteEndObject();
            if (options.KeepSessions)
            {
                w.WriteStartObject("reset");
                w.WriteString("type", "boolean");
                w.WriteString("description", "True to start from a fresh interpreter before running the code: all earlier variables, imports and files are lost.");
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartArray("required");
            w.WriteStringValue("code");
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <inheritdoc/>
    public override string Name => _options.Name;

    /// <summary>What the model reads about the tool, generated from the configuration: the language, the limits, the files, the functions it can call.</summary>
    public override string Description => _description;

    /// <summary><c>{"code": string, "reset"?: boolean}</c>; <c>reset</c> only when sessions are kept.</summary>
    public override JsonElement JsonSchema => _schema;

    /// <summary>Resident sessions now.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>
    /// This tool bound to one conversation: every call through the returned function runs in <paramref name="conversationId"/>'s
    /// session. Put it in the <see cref="ChatOptions.Tools"/> of that conversation.
    /// </summary>
    /// <param name="conversationId">The conversation, e.g. a chat thread's id.</param>
    /// <returns>A function with the same name, description and schema.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="conversationId"/> is null.</exception>
    public AIFunction ForConversation(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        return new ConversationFunction(this, conversationId);
    }

    /// <summary>Disposes the conversation's session, if it has one; its next call starts afresh.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <returns>True when there was a session.</returns>
    public async ValueTask<bool> EndConversationAsync(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var toDispose = new List<ConversationSessions.Entry>();
        bool removed = _sessions.Remove(conversationId, toDispose);
        await DisposeEntriesAsync(toDispose).ConfigureAwait(false);
        return removed;
    }

    /// <summary>Runs one call as the model would make it and returns the result as JSON, for callers outside a chat loop.</summary>
    /// <param name="code">The Python source.</param>
    /// <param name="conversationId">The conversation; null for the default rule (see the remarks of <see cref="PythonSandboxFunction"/>).</param>
    /// <param name="reset">True to start the conversation's session afresh first.</param>
    /// <param name="cancellationToken">Stops the run (it ends as <c>cancelled</c>).</param>
    /// <returns>The result object the model would read.</returns>
    public async Task<JsonElement> RunAsync(string code, string? conversationId = null, bool reset = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var arguments = new AIFunctionArguments { ["code"] = code };
        if (reset) arguments["reset"] = true;
        if (conversationId is not null) arguments.Context = new Dictionary<object, object?> { [ConversationIdKey] = conversationId };
        return (JsonElement)(await InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        long started = Stopwatch.GetTimestamp();
        if (ReadArguments(arguments, out string? code, out bool reset) is { } problem)
        {
            PythonToolTelemetry.InvalidArguments(_telemetry.Logger, problem);
            return Refusal("invalidArguments", problem);
        }
        string? conversationId = _options.KeepSessions ? ConversationOf(arguments) : null;
        if (code is not null && _options.LogCode) PythonToolTelemetry.Code(_telemetry.Logger, code);

        JsonElement result;
        try
        {
            result = conversationId is null
                ? await RunOnceAsync(code!, arguments.Services, cancellationToken).ConfigureAwait(false)
                : await RunInSessionAsync(conversationId, code, reset, arguments.Services, started, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return Refusal("unavailable", "The Python tool has been shut down; no code can run.");
        }
        if (_options.LogOutput && _telemetry.Logger.IsEnabled(LogLevel.Debug))
        {
            string text = result.GetRawText();
            PythonToolTelemetry.Output(_telemetry.Logger, text);
        }
        return result;
    }

    private async Task<JsonElement> RunOnceAsync(string code, IServiceProvider? services, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        RunResult result;
        if (_tools.Length == 0 && _hostFunctions.Length == 0)
        {
            result = await _runtime.RunAsync(code, _sandbox, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Host functions live on sessions, so a one-shot run with them gets a session of its own.
            await using var session = new PythonSession(_runtime, _sandbox);
            var bridge = await PrepareAsync(session, null, services, cancellationToken).ConfigureAwait(false);
            bridge?.BeginRun();
            result = await session.RunAsync(code, cancellationToken).ConfigureAwait(false);
        }
        return Finish(result, null, null, started);
    }

    private async Task<JsonElement> RunInSessionAsync(string conversationId, string? code, bool reset, IServiceProvider? services, long started, CancellationToken cancellationToken)
    {
        var toDispose = new List<ConversationSessions.Entry>();
        string? sessionNote = null;
        try
        {
            if (reset) _sessions.Remove(conversationId, toDispose);
            var entry = _sessions.TryAcquire(conversationId, out bool wasEvicted, toDispose);
            if (entry is null)
            {
                if (wasEvicted && !reset)
                    sessionNote = "This conversation's earlier Python session was discarded (it idled too long or too many conversations were open): variables, imports, functions and files from earlier calls are gone. Recreate what you need.";
                var session = new PythonSession(_runtime, _sandbox);
                ToolBridge? bridge;
                try
                {
                    bridge = await PrepareAsync(session, conversationId, services, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
                entry = _sessions.Add(new ConversationSessions.Entry(conversationId, session, bridge), toDispose);
            }
            await DisposeEntriesAsync(toDispose).ConfigureAwait(false);
            toDispose.Clear();

            try
            {
                if (code is null)
                {
                    // A reset with no code: the model asked for a clean slate only.
                    _telemetry.Run("reset", Stopwatch.GetElapsedTime(started).TotalMilliseconds, false, conversationId);
                    return Refusal("reset", "The session was reset: a fresh interpreter is ready.", success: true);
                }
                entry.Bridge?.BeginRun();
                var result = await entry.Session.RunAsync(code, cancellationToken).ConfigureAwait(false);
                return Finish(result, conversationId, sessionNote ?? (reset ? "The session was reset before this run." : null), started);
            }
            finally
            {
                _sessions.Release(entry);
            }
        }
        finally
        {
            await DisposeEntriesAsync(toDispose).ConfigureAwait(false);
        }
    }

    private async Task<ToolBridge?> PrepareAsync(PythonSession session, string? conversationId, IServiceProvider? services, CancellationToken cancellationToken)
    {
        foreach (var function in _hostFunctions) function.Define(session);
        if (_tools.Length == 0) return null;
        var bridge = new ToolBridge(_tools, _options, _telemetry, conversationId, services);
        await bridge.InstallAsync(session, cancellationToken).ConfigureAwait(false);
        return bridge;
    }

    private JsonElement Finish(RunResult result, string? conversationId, string? note, long started)
    {
        var report = RunReport.From(result).Trim(_options.Output);
        bool limit = result.Status is RunStatus.TimeLimitExceeded or RunStatus.MemoryLimitExceeded or RunStatus.FuelExhausted
            or RunStatus.OutputLimitExceeded or RunStatus.SourceTooLarge;
        _telemetry.Run(report.Status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, limit, conversationId);
        return ToolResult.Write(report, result.Files.Count, note);
    }

    private string? ConversationOf(AIFunctionArguments arguments)
    {
        if (_options.ConversationIdSelector is { } select && select(arguments) is { } selected) return selected;
        if (arguments.Context is { } context && context.TryGetValue(ConversationIdKey, out var value) && value is string id) return id;
        return DefaultConversation;
    }

    /// <summary>Null when the arguments are usable; otherwise what the model should fix.</summary>
    private string? ReadArguments(AIFunctionArguments arguments, out string? code, out bool reset)
    {
        code = null;
        reset = false;
        if (arguments.TryGetValue("reset", out var resetValue) && resetValue is not null)
        {
            if (!_options.KeepSessions) return "This tool has no 'reset' argument: every call already starts from a fresh interpreter.";
            switch (resetValue)
            {
                case bool b: reset = b; break;
                case JsonElement { ValueKind: JsonValueKind.True }: reset = true; break;
                case JsonElement { ValueKind: JsonValueKind.False or JsonValueKind.Null }: break;
                default: return "The 'reset' argument must be true or false.";
            }
        }
        if (!arguments.TryGetValue("code", out var codeValue) || codeValue is null or JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
            return reset ? null : """The 'code' argument is missing: pass the Python source to run as a string, e.g. {"code": "print(1 + 1)"}.""";
        code = codeValue switch
        {
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            _ => null,
        };
        if (code is null) return "The 'code' argument must be a string holding Python source, e.g. {\"code\": \"print(1 + 1)\"}.";
        return null;
    }

    private static JsonElement Refusal(string status, string message, bool success = false) => ToolBridge.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("status", status);
        w.WriteBoolean("success", success);
        w.WriteString("message", message);
        w.WriteEndObject();
    });

    private void SweepIdle()
    {
        var toDispose = new List<ConversationSessions.Entry>();
        try
        {
            _sessions.Sweep(toDispose);
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        foreach (var entry in toDispose) entry.Session.Dispose();
    }

    private static async ValueTask DisposeEntriesAsync(List<ConversationSessions.Entry> entries)
    {
        foreach (var entry in entries) await entry.Session.DisposeAsync().ConfigureAwait(false);
        entries.Clear();
    }

    /// <summary>Disposes every session (a run in progress ends as cancelled). Calls made afterwards return an <c>unavailable</c> result.</summary>
    /// <returns>A task that completes when the sessions are released.</returns>
    public async ValueTask DisposeAsync()
    {
        _sweeper?.Dispose();
        var toDispose = new List<ConversationSessions.Entry>();
        _sessions.DisposeAll(toDispose);
        await DisposeEntriesAsync(toDispose).ConfigureAwait(false);
        _telemetry.Dispose();
    }

    /// <summary>Disposes every session, blocking until they are released; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose()
    {
        _sweeper?.Dispose();
        var toDispose = new List<ConversationSessions.Entry>();
        _sessions.DisposeAll(toDispose);
        foreach (var entry in toDispose) entry.Session.Dispose();
        _telemetry.Dispose();
    }

    /// <summary><see cref="PythonSandboxFunction"/> bound to one conversation.</summary>
    private sealed class ConversationFunction(PythonSandboxFunction inner, string conversationId) : DelegatingAIFunction(inner)
    {
        protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(arguments);
            var context = arguments.Context ?? new Dictionary<object, object?>();
            context[ConversationIdKey] = conversationId;
            arguments.Context = context;
            return base.InvokeCoreAsync(arguments, cancellationToken);
        }
    }

    /// <summary>The JSON object the model reads.</summary>
    private static class ToolResult
    {
        public static JsonElement Write(RunReport report, int fileCount, string? note) => ToolBridge.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("status", report.Status);
            w.WriteBoolean("success", report.Success);
            w.WriteString("stdout", report.Stdout);
            w.WriteString("stderr", report.Stderr);
            if (report.ValueRepr is { } value) w.WriteString("valueRepr", value);
            if (report.Error is { } error)
            {
                w.WriteStartObject("error");
                w.WriteString("type", error.Type);
                w.WriteString("message", error.Message);
                if (error.Line is { } line) w.WriteNumber("line", line);
                w.WriteString("traceback", error.Traceback);
                w.WriteEndObject();
            }
            if (report.Message is { } message) w.WriteString("message", message);
            if (report.ExitCode is { } exit) w.WriteNumber("exitCode", exit);
            if (report.Files.Count > 0)
            {
                w.WriteStartArray("files");
                foreach (var file in report.Files)
                {
                    w.WriteStartObject();
                    w.WriteString("path", file.Path);
                    w.WriteNumber("bytes", file.Bytes);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                if (fileCount > report.Files.Count) w.WriteNumber("filesLeftOut", fileCount - report.Files.Count);
            }
            if (report.OutputTruncated) w.WriteBoolean("outputTruncated", true);
            if (report.Trimmed is { } trimmed)
            {
                w.WriteStartArray("trimmed");
                foreach (var field in trimmed) w.WriteStringValue(field);
                w.WriteEndArray();
            }
            if (report.RolledBack == true) w.WriteBoolean("rolledBack", true);
            if (note is not null) w.WriteString("note", note);
            w.WriteNumber("wallTimeMs", report.WallTimeMs);
            w.WriteEndObject();
        });
    }
}
