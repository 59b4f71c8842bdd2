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
    private readonly SessionRuntime _runtime;

    internal SessionGlobals(SessionRuntime runtime) => _runtime = runtime;

    /// <summary>Gets or sets a global.</summary>
    /// <param name="name">A Python identifier.</param>
    /// <exception cref="KeyNotFoundException">Getting a global that does not exist.</exception>
    /// <exception cref="InvalidCastException">Getting a global whose value has no .NET form (a function, a class instance, ...).</exception>
    /// <exception cref="ArgumentException">Setting a value that has no Python form or is over the session's value limits.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public object? this[string name]
    {
        get => TryGet(name, out var value, out string? repr) ? value
            : repr is null ? throw new KeyNotFoundException($"The session has no global '{name}'.")
            : throw new InvalidCastException($"The global '{name}' holds {repr}, which has no .NET form.");
        set => Set(name, value);
    }

    /// <summary>
    /// Gets a global converted to <typeparamref name="T"/> with the rules of typed host function parameters
    /// (e.g. <c>Get&lt;int&gt;</c>, <c>Get&lt;List&lt;string&gt;&gt;</c>; your own types through
    /// <see cref="PythonSession.TypeInfoResolver"/>).
    /// </summary>
    /// <typeparam name="T">The type to convert to.</typeparam>
    /// <param name="name">A Python identifier.</param>
    /// <exception cref="KeyNotFoundException">The global does not exist.</exception>
    /// <exception cref="InvalidCastException">The value cannot be converted to <typeparamref name="T"/>.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public T Get<T>(string name)
    {
        object? value = this[name];
        try
        {
            return (T)_runtime.Converter.ConvertTo(typeof(T), value)!;
        }
        catch (Exception e) when (e is BridgeException or System.Text.Json.JsonException or NotSupportedException or InvalidOperationException or NullReferenceException)
        {
            throw new InvalidCastException($"The global '{name}' ({ValueConverter.PythonTypeName(value)}) cannot be converted to {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>Gets a global when it exists and has a .NET form.</summary>
    /// <param name="name">A Python identifier.</param>
    /// <param name="value">The value, or null.</param>
    /// <returns>True when the global exists and has a .NET form.</returns>
    public bool TryGetValue(string name, out object? value) => TryGet(name, out value, out _);

    /// <summary>Gets the Python <c>repr</c> of a global, or null when it does not exist.</summary>
    /// <param name="name">A Python identifier.</param>
    public string? GetRepr(string name)
    {
        TryGet(name, out _, out string? repr);
        return repr;
    }

    /// <summary>Deletes a global; false when it did not exist.</summary>
    /// <param name="name">A Python identifier.</param>
    public bool Remove(string name)
    {
        PythonSession.ValidateIdentifier(name, nameof(name));
        var result = _runtime.Invoke(PreludeEntry.DeleteGlobal, [name], null, CancellationToken.None).Result;
        if (result.IsSuccess) return true;
        if (result.Error is { Type: "KeyError" or "NameError" }) return false;
        throw Failed(name, result);
    }

    private bool TryGet(string name, out object? value, out string? repr)
    {
        PythonSession.ValidateIdentifier(name, nameof(name));
        value = null;
        repr = null;
        var (result, reported) = _runtime.Invoke(PreludeEntry.GetGlobal, [name], null, CancellationToken.None);
        if (result.Error is { Type: "KeyError" }) return false;
        if (!result.IsSuccess || reported is not { } r) throw Failed(name, result);
        repr = r.Repr;
        if (r.Payload is null) return false;
        var decoded = _runtime.Decode(r.Payload, out bool unconvertible);
        if (unconvertible) return false;
        value = decoded;
        return true;
    }

    private void Set(string name, object? value)
    {
        PythonSession.ValidateIdentifier(name, nameof(name));
        string text = _runtime.EncodeForGuest(value, nameof(value));
        var result = _runtime.Invoke(PreludeEntry.SetGlobal, [name, text], null, CancellationToken.None).Result;
        if (!result.IsSuccess) throw Failed(name, result);
    }

    private static InvalidOperationException Failed(string name, RunResult result) =>
        new($"Accessing global '{name}' failed: {result.Status} {result.Message ?? result.Error?.ToString()}");
}
