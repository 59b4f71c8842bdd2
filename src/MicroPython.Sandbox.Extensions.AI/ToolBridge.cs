using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace MicroPython.Sandbox.Extensions.AI;

/// <summary>
/// Code mode for one session: the host function through which Python calls the host's tools, the Python wrappers
/// that give each tool its own name, and the per-run call count. Every outcome crosses back as an envelope
/// (<c>{"ok": value}</c> or <c>{"error": {"type", "message"}}</c>) that the wrappers turn into a value or a Python
/// exception, so a tool's failure never surfaces as a host error the model cannot read.
/// </summary>
internal sealed class ToolBridge
{
    internal const string ModuleFunction = "_mpsb_tools.call";

    private readonly Dictionary<string, AIFunction> _tools;
    private readonly PythonToolOptions _options;
    private readonly PythonToolTelemetry _telemetry;
    private readonly IServiceProvider? _services;
    private int _calls;

    public ToolBridge(IReadOnlyList<AIFunction> tools, PythonToolOptions options, PythonToolTelemetry telemetry, string? conversationId, IServiceProvider? services)
    {
        _tools = new Dictionary<string, AIFunction>(StringComparer.Ordinal);
        foreach (var tool in tools) _tools[tool.Name] = tool;
        _options = options;
        _telemetry = telemetry;
        ConversationId = conversationId;
        _services = services;
    }

    public string? ConversationId { get; }

    /// <summary>Starts the count of tool calls for a new run (runs of one session never overlap).</summary>
    public void BeginRun() => Volatile.Write(ref _calls, 0);

    /// <summary>Defines the host function and runs the wrappers' source in <paramref name="session"/>.</summary>
    public async Task InstallAsync(PythonSession session, CancellationToken cancellationToken)
    {
        // TResult is the task's result type: naming Task<JsonElement> here would bind the synchronous overload, which drops it.
        session.DefineFunction<string, JsonElement, CancellationToken, JsonElement>(ModuleFunction, CallAsync);
        var result = await session.RunAsync(SetupSource(_tools.Keys), cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess) throw new InvalidOperationException("The tool wrappers could not be defined: " + (result.Error?.Message ?? result.Message));
    }

    /// <summary>The Python source that defines <c>call_tool</c>, <c>ToolError</c> and one keyword-only function per tool whose name is an identifier.</summary>
    internal static string SetupSource(IEnumerable<string> names)
    {
        var source = new StringBuilder("""
            class ToolError(Exception):
                pass

            def call_tool(_name, *args, **kwargs):
                import _mpsb_tools
                if args:
                    raise TypeError(_name + "() takes keyword arguments only, e.g. " + _name + "(city='Paris')")
                reply = _mpsb_tools.call(_name, kwargs)
                if 'ok' in reply:
                    return reply['ok']
                err = reply['error']
                kind = {'TypeError': TypeError, 'ValueError': ValueError, 'PermissionError': PermissionError,
                        'RuntimeError': RuntimeError, 'NameError': NameError}.get(err['type'], ToolError)
                raise kind(err['message'])

            def _mpsb_tool(_name):
                def tool(*args, **kwargs):
                    return call_tool(_name, *args, **kwargs)
                return tool

            """);
        foreach (string name in names)
            if (IsIdentifier(name)) source.Append(CultureInfo.InvariantCulture, $"{name} = _mpsb_tool('{name}')\n");
        source.Append("del _mpsb_tool\n");
        return source.ToString();
    }

    internal static bool IsIdentifier(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
        && !PythonKeywords.Contains(name);

    private static readonly HashSet<string> PythonKeywords =
    [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
        "pass", "raise", "return", "try", "while", "with", "yield",
    ];

    /// <summary>The host side of <c>call_tool</c>: checks, approval, the call, the envelope.</summary>
    private async Task<JsonElement> CallAsync(string name, JsonElement kwargs, CancellationToken cancellationToken)
    {
        if (!_tools.TryGetValue(name, out var tool))
            return Error("NameError", $"There is no tool named '{name}'. Tools: {string.Join(", ", _tools.Keys)}.");
        int count = Interlocked.Increment(ref _calls);
        if (count > _options.MaxToolCallsPerRun)
        {
            _telemetry.ToolCall(name, "capped");
            return Error("RuntimeError", $"Too many tool calls in one run (the limit is {_options.MaxToolCallsPerRun}); do fewer calls per run or split the work over several runs.");
        }
        if (SchemaCheck.Check(tool.JsonSchema, kwargs, name) is { } problem)
        {
            _telemetry.ToolCall(name, "invalidArguments");
            return Error("TypeError", problem);
        }

        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (kwargs.ValueKind == JsonValueKind.Object)
            foreach (var property in kwargs.EnumerateObject()) arguments[property.Name] = property.Value.Clone();

        if (tool.GetService<ApprovalRequiredAIFunction>() is not null)
        {
            bool approved = _options.ApproveToolCall is { } approve
                && await approve(new PythonToolCallApproval(tool, arguments, ConversationId), cancellationToken).ConfigureAwait(false);
            if (!approved)
            {
                _telemetry.ToolCall(name, "denied");
                return Error("PermissionError", $"The call to '{name}' was not approved; tools that need approval cannot be called from code without it. Ask the user or use another way.");
            }
        }

        object? value;
        try
        {
            value = await tool.InvokeAsync(new AIFunctionArguments(arguments) { Services = _services }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run's time limit or cancellation: the run itself reports it.
            _telemetry.ToolCall(name, "cancelled");
            throw;
        }
#pragma warning disable CA1031 // Any failure of the host's tool is reported to the code as a Python exception, never thrown into the agent loop.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _telemetry.ToolCall(name, "failed");
            return Error("ToolError", $"The tool '{name}' failed ({e.GetType().Name}): {e.Message}");
        }
        _telemetry.ToolCall(name, "completed");
        return Ok(ToJson(value, tool.JsonSerializerOptions));
    }

    /// <summary>A tool's result as JSON, the form the session converts to Python values.</summary>
    internal static JsonElement ToJson(object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null: return default;
            case JsonElement element: return element;
            case string text: return Write(w => w.WriteStringValue(text));
        }
        try
        {
            return JsonSerializer.SerializeToElement(value, options.GetTypeInfo(value.GetType()));
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            // A type the tool's serializer options cannot describe still gives the code its text.
            return Write(w => w.WriteStringValue(value.ToString()));
        }
    }

    private static JsonElement Ok(JsonElement value) => Write(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("ok");
        if (value.ValueKind == JsonValueKind.Undefined) w.WriteNullValue();
        else value.WriteTo(w);
        w.WriteEndObject();
    });

    private static JsonElement Error(string type, string message) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("type", type);
        w.WriteString("message", message);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    internal static JsonElement Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        // Only what JSON requires is escaped: the text is for a model, and \u-escaped quotes and accents cost it tokens.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) write(writer);
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
