using System.Reflection;

namespace MicroPython.Sandbox.Bridge;

/// <summary>
/// A .NET function registered for Python: its Python-visible parameters (names, types, defaults), its
/// invoker (see <see cref="HostCallable"/>) and the binding of Python arguments to parameters.
/// A <see cref="CancellationToken"/> parameter is not visible to Python: it receives the run's token.
/// </summary>
internal sealed class HostFunction
{
    private readonly HostCallable _callable;
    private readonly int _cancellationIndex = -1;
    private readonly int _arity;

    public HostFunction(int id, string name, string? module, HostCallable callable)
    {
        Id = id;
        Name = name;
        Module = module;
        _callable = callable;
        var types = callable.ParameterTypes;
        _arity = types.Length;

        // Names and defaults come from the target method's metadata. A delegate over a static method with a
        // bound first argument has one parameter more than the delegate: the last ones are the delegate's.
        ParameterInfo[] metadata;
        try
        {
            metadata = callable.Method?.GetParameters() ?? [];
        }
        catch (NotSupportedException)
        {
            metadata = [];
        }
        int skip = metadata.Length - types.Length;
        var visible = new List<Parameter>();
        for (int i = 0; i < types.Length; i++)
        {
            var info = skip >= 0 ? metadata[skip + i] : null;
            var type = types[i];
            if (type == typeof(CancellationToken))
            {
                _cancellationIndex = i;
                continue;
            }
            bool hasDefault = info is { HasDefaultValue: true };
            object? fallback = hasDefault ? info!.DefaultValue : null;
            if (fallback is DBNull or Missing) fallback = null;
            visible.Add(new Parameter(i, info?.Name is { Length: > 0 } n ? n : $"arg{i}", type, hasDefault, fallback,
                !type.IsValueType || Nullable.GetUnderlyingType(type) is not null));
        }
        Parameters = visible.ToArray();
    }

    /// <summary>
    /// A function a restored session's guest still refers to (it was defined when the session was saved) but that
    /// the restoring host has not defined (yet): calling it raises a Python error saying so, and defining a function
    /// of the same name fills its place (see <see cref="SessionRuntime.Define"/>).
    /// </summary>
    private HostFunction(int id, string name, string? module)
    {
        Id = id;
        Name = name;
        Module = module;
        _callable = null!;
        Parameters = [];
        IsMissing = true;
    }

    /// <summary>A placeholder for a function of a restored session the host has not defined.</summary>
    public static HostFunction Placeholder(int id, string name, string? module) => new(id, name, module);

    /// <summary>Whether this is a placeholder (see <see cref="Placeholder"/>): it has no delegate.</summary>
    public bool IsMissing { get; }

    /// <summary>A parameter Python can pass.</summary>
    public sealed record Parameter(int Position, string Name, Type Type, bool HasDefault, object? Default, bool AcceptsNull);

    public int Id { get; }

    public string Name { get; }

    public string? Module { get; }

    public Parameter[] Parameters { get; }

    public bool IsAsync => !IsMissing && _callable.IsAsync;

    internal string Display => Module is null ? $"{Name}()" : $"{Module}.{Name}()";

    /// <summary>
    /// Checks, when the function is defined, that every parameter and the result can be converted; a type
    /// that needs a resolver the session does not have is host misuse, reported before any run.
    /// </summary>
    /// <param name="converter">The session's converter.</param>
    /// <param name="parameterName">The caller's parameter that holds the function, for the exception.</param>
    public void Validate(ValueConverter converter, string parameterName)
    {
        if (IsMissing) return;
        foreach (var p in Parameters)
            if (!converter.CanConvertTo(p.Type))
                throw new ArgumentException($"Parameter '{p.Name}' of '{Name}': {ValueConverter.NeedsResolver(p.Type)}.", parameterName);
        if (!converter.CanEncode(_callable.ResultType))
            throw new ArgumentException($"The result of '{Name}': {ValueConverter.NeedsResolver(_callable.ResultType)}.", parameterName);
    }

    /// <summary>Binds positional and keyword arguments (natural values) to the delegate's parameters, converting each.</summary>
    public object?[] Bind(IReadOnlyList<object?> positional, IReadOnlyList<KeyValuePair<string, object?>>? keywords, ValueConverter converter, CancellationToken cancellation)
    {
        if (IsMissing)
            throw new BridgeException("RuntimeError", $"host function {Display} is not available: it was defined before this session was saved, and the host that restored the session has not defined it");
        var result = new object?[_arity];
        Span<bool> set = stackalloc bool[Parameters.Length];
        if (positional.Count > Parameters.Length)
            throw new BridgeException("TypeError", $"{Display} takes {Parameters.Length} positional argument{(Parameters.Length == 1 ? "" : "s")} but {positional.Count} were given");
        for (int i = 0; i < positional.Count; i++)
        {
            if (positional[i] is Missing) continue;
            result[Parameters[i].Position] = Convert(converter, Parameters[i], positional[i]);
            set[i] = true;
        }
        if (keywords is not null)
        {
            foreach (var (key, value) in keywords)
            {
                int index = Array.FindIndex(Parameters, p => p.Name == key);
                if (index < 0) throw new BridgeException("TypeError", $"{Display} got an unexpected keyword argument '{key}'");
                if (set[index]) throw new BridgeException("TypeError", $"{Display} got multiple values for argument '{key}'");
                result[Parameters[index].Position] = Convert(converter, Parameters[index], value);
                set[index] = true;
            }
        }
        List<string>? missing = null;
        for (int i = 0; i < Parameters.Length; i++)
        {
            if (set[i]) continue;
            var p = Parameters[i];
            // A null left for a value type becomes default(T) in the invoker.
            if (p.HasDefault) result[p.Position] = p.Default;
            else (missing ??= []).Add($"'{p.Name}'");
        }
        if (missing is not null)
            throw new BridgeException("TypeError", $"{Display} missing {missing.Count} required argument{(missing.Count == 1 ? "" : "s")}: {string.Join(", ", missing)}");
        if (_cancellationIndex >= 0) result[_cancellationIndex] = cancellation;
        return result;
    }

    /// <summary>Calls the function; for an async one, returns the unfinished <see cref="Task"/>.</summary>
    public object? Invoke(object?[] arguments) => _callable.Invoke(arguments);

    /// <summary>The result of a finished task returned by <see cref="Invoke"/>.</summary>
    public object? TaskResult(Task task) => _callable.TaskResult?.Invoke(task);

    private object? Convert(ValueConverter converter, Parameter parameter, object? value)
    {
        try
        {
            return converter.ConvertTo(parameter.Type, value);
        }
        catch (BridgeException e)
        {
            throw new BridgeException(e.PythonType, $"{Display} argument '{parameter.Name}': {e.Message}");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new BridgeException("TypeError", $"{Display} argument '{parameter.Name}': cannot convert {ValueConverter.PythonTypeName(value)} to {parameter.Type.Name}");
        }
    }
}
