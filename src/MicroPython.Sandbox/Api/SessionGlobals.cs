using System.Text;
using MicroPython.Sandbox.Bridge;

namespace MicroPython.Sandbox;

/// <summary>
/// The global variables of a <see cref="PythonSession"/>, read and written as .NET values with the
/// conversions of host function arguments (see <see cref="PythonSession.DefineFunction(string, Delegate)"/>).
/// Each access is a short guest call under the session's limits (a <c>__repr__</c> or conversion that runs
/// away is stopped and rolled back like a run), serialized with runs.
/// </summary>
public sealed class SessionGlobals
{
    private readonly PythonSession _session;

    internal SessionGlobals(PythonSession session) => _session = session;

    /// <summary>Gets or sets a global.</summary>
    /// <param name="name">A Python identifier.</param>
    /// <exception cref="KeyNotFoundException">Getting a global that does not exist.</exception>
    /// <exception cref="InvalidCastException">Getting a global whose value has no .NET form (a function, a class instance, ...).</exception>
    /// <exception cref="ArgumentException">Setting a value that has no Python form or is over the session's value limits.</exception>
    public object? this[string name]
    {
        get => TryGet(name, out var value, out string? repr) ? value
            : repr is null ? throw new KeyNotFoundException($"The session has no global '{name}'.")
            : throw new InvalidCastException($"The global '{name}' holds {repr}, which has no .NET form.");
        set => Set(name, value);
    }

    /// <summary>Gets a global converted to <typeparamref name="T"/> with the rules of typed host function parameters (e.g. <c>Get&lt;int&gt;</c>, <c>Get&lt;List&lt;string&gt;&gt;</c>).</summary>
    /// <exception cref="KeyNotFoundException">The global does not exist.</exception>
    /// <exception cref="InvalidCastException">The value cannot be converted to <typeparamref name="T"/>.</exception>
    public T Get<T>(string name)
    {
        object? value = this[name];
        try
        {
            return (T)HostFunction.ConvertTo(typeof(T), value)!;
        }
        catch (Exception e) when (e is BridgeException or System.Text.Json.JsonException or NotSupportedException or InvalidOperationException or NullReferenceException)
        {
            throw new InvalidCastException($"The global '{name}' ({HostFunction.PythonTypeName(value)}) cannot be converted to {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>Gets a global when it exists and has a .NET form.</summary>
    public bool TryGetValue(string name, out object? value) => TryGet(name, out value, out _);

    /// <summary>Gets the Python <c>repr</c> of a global, or null when it does not exist.</summary>
    public string? GetRepr(string name)
    {
        TryGet(name, out _, out string? repr);
        return repr;
    }

    /// <summary>Deletes a global; false when it did not exist.</summary>
    public bool Remove(string name)
    {
        PythonSession.ValidateIdentifier(name, nameof(name));
        return _session.WithInterpreter(CancellationToken.None, (interpreter, bridge) =>
        {
            var result = _session.Guarded(interpreter, () => interpreter.CallPython(bridge.Kept![Prelude.DeleteGlobal], [name], _session.RunOptions, null, CancellationToken.None));
            if (result.IsSuccess) return true;
            if (result.Error is { Type: "KeyError" or "NameError" }) return false;
            throw Failed(name, result);
        });
    }

    private bool TryGet(string name, out object? value, out string? repr)
    {
        PythonSession.ValidateIdentifier(name, nameof(name));
        (bool found, object? v, string? r) = _session.WithInterpreter(CancellationToken.None, (interpreter, bridge) =>
        {
            var result = _session.Guarded(interpreter, () => interpreter.CallPython(bridge.Kept![Prelude.GetGlobal], [name], _session.RunOptions, null, CancellationToken.None));
            if (result.Error is { Type: "KeyError" }) return (false, (object?)null, (string?)null);
            if (!result.IsSuccess || bridge.Reported is not { } reported) throw Failed(name, result);
            if (reported.Payload is null) return (false, null, reported.Repr);
            var decoded = _session.Decode(reported.Payload, out bool unconvertible);
            return unconvertible ? (false, null, reported.Repr) : (true, decoded, reported.Repr);
        });
        value = v;
        repr = r;
        return found;
    }

    private void Set(string name, object? value)
    {
        PythonSession.ValidateIdentifier(name, nameof(name));
        string text = _session.EncodeForGuest(value, nameof(value));
        _session.WithInterpreter(CancellationToken.None, (interpreter, bridge) =>
        {
            var result = _session.Guarded(interpreter, () => interpreter.CallPython(bridge.Kept![Prelude.SetGlobal], [name, text], _session.RunOptions, null, CancellationToken.None));
            if (!result.IsSuccess) throw Failed(name, result);
            return 0;
        });
    }

    private static InvalidOperationException Failed(string name, RunResult result) =>
        new($"Accessing global '{name}' failed: {result.Status} {result.Message ?? result.Error?.ToString()}");
}
