using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace MicroPython.Sandbox.Extensions.AI;

/// <summary>
/// The tool description a model reads, written from the configuration: what kind of Python this is and how it differs
/// from CPython in ways that change the code a model writes, the limits of a run, the files there are, and every
/// function the code can call with its signature and description.
/// </summary>
internal static class ToolDescription
{
    public static string Build(PythonToolOptions options, IReadOnlyList<AIFunction> tools, IReadOnlyList<PythonHostFunction> hostFunctions)
    {
        var sandbox = options.Sandbox;
        var text = new StringBuilder();
        text.Append("Runs Python code in a sandboxed MicroPython 1.27 interpreter and returns JSON: status, success, stdout, stderr, ")
            .Append("valueRepr (the repr of the last line when it is an expression), error (type, message, line, traceback), files written.\n");
        text.Append(options.KeepSessions
            ? "State persists: variables, imports, functions and files stay between calls in this conversation; pass reset=true to start over.\n"
            : "Every call starts from a fresh interpreter: nothing persists between calls.\n");
        text.Append("Python: Python 3 with f-strings, async/await and :=; CPython-compatible library modules are available ")
            .Append("(json, re, math, statistics, collections, itertools, functools, datetime, random, csv, dataclasses, typing, enum, heapq, bisect, textwrap, string, hashlib, base64, os, os.path, time). ")
            .Append("Not available: network, subprocesses, threads, installing packages (no numpy or pandas). ")
            .Append("No match statement; plain dict and set do not keep insertion order; sort is not stable; recursion is limited to about 100 frames.\n");

        text.Append("Limits per call: ")
            .Append(sandbox.Timeout == Timeout.InfiniteTimeSpan ? "no time limit" : string.Create(CultureInfo.InvariantCulture, $"{sandbox.Timeout.TotalSeconds:0.###} s"))
            .Append(", ").Append(Size(sandbox.MemoryLimit)).Append(" memory, ")
            .Append(Size(sandbox.MaxOutputBytes)).Append(" of output, ")
            .Append(Size(sandbox.MaxSourceBytes)).Append(" of source")
            .Append(sandbox.Fuel is { } fuel ? string.Create(CultureInfo.InvariantCulture, $", {fuel:N0} fuel") : "")
            .Append(". A run that passes a limit is stopped")
            .Append(options.KeepSessions ? " and the session is put back as it was before it" : "")
            .Append('.');
        if (options.Output.MaxStdoutChars > 0)
            text.Append(CultureInfo.InvariantCulture, $" Output longer than {options.Output.MaxStdoutChars:N0} characters is shortened to its start and end; print summaries, not whole data sets.");
        text.Append('\n');

        text.Append("Files: an in-memory filesystem (").Append(Size(sandbox.MaxFileSystemBytes)).Append(" in all); write results to /tmp.");
        if (sandbox.Files.Count > 0)
        {
            text.Append(" Read-only input files:");
            foreach (var file in sandbox.Files) text.Append(' ').Append(file.Path).Append(" (").Append(Size(file.Length)).Append(')').Append(',');
            text.Length--;
            text.Append('.');
        }
        foreach (var mount in sandbox.Mounts)
            text.Append(' ').Append(mount.GuestPath).Append(mount.Writable ? " is a writable directory." : " is a read-only directory.");
        text.Append('\n');
        // Network access is set on the sandbox options (Sandbox.Network.AllowedOrigins); the model is told where it may go.
        if (sandbox.Network.AllowedOrigins.Count > 0)
            text.Append("Network: HTTP only, with `requests` or `urllib.request`, to ").AppendJoin(", ", sandbox.Network.AllowedOrigins).Append("; anything else raises requests.NetworkRefused.\n");

        if (tools.Count > 0 || hostFunctions.Count > 0)
        {
            text.Append("Functions the code can call (already defined; keyword arguments; results are Python values):\n");
            foreach (var function in hostFunctions)
                text.Append("- ").Append(function.Signature).Append(": ").Append(OneLine(function.Description)).Append('\n');
            foreach (var tool in tools)
            {
                bool approval = tool.GetService<ApprovalRequiredAIFunction>() is not null;
                text.Append("- ").Append(Signature(tool)).Append(": ").Append(OneLine(tool.Description))
                    .Append(approval ? " (needs approval: the call may raise PermissionError)" : "").Append('\n');
            }
            if (tools.Count > 0)
                text.Append(CultureInfo.InvariantCulture, $"call_tool(name, **kwargs) calls any of these by name. A wrong argument raises TypeError, a failing tool raises ToolError; at most {options.MaxToolCallsPerRun} tool calls per run. Combine several calls in one program and print only what you need.\n");
        }
        if (!string.IsNullOrWhiteSpace(options.AdditionalInstructions)) text.Append(options.AdditionalInstructions.Trim()).Append('\n');
        return text.ToString().TrimEnd('\n');
    }

    /// <summary><c>name(*, a: str, b: int = ...)</c> from the tool's JSON schema.</summary>
    internal static string Signature(AIFunction tool)
    {
        var text = new StringBuilder(ToolBridge.IsIdentifier(tool.Name) ? tool.Name : $"call_tool(\"{tool.Name}\", ...)");
        if (!ToolBridge.IsIdentifier(tool.Name)) return text.ToString();
        text.Append('(');
        var schema = tool.JsonSchema;
        var required = new HashSet<string>(StringComparer.Ordinal);
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array)
            foreach (var name in r.EnumerateArray())
                if (name.ValueKind == JsonValueKind.String) required.Add(name.GetString()!);
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            bool first = true;
            foreach (var property in properties.EnumerateObject())
            {
                text.Append(first ? "*, " : ", ");
                first = false;
                text.Append(property.Name).Append(": ").Append(SchemaCheck.Describe(property.Value));
                if (!required.Contains(property.Name)) text.Append(" = ...");
            }
        }
        return text.Append(')').ToString();
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB"),
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
