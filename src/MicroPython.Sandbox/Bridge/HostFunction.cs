using System.Linq.Expressions;
using System.Numerics;
using System.Reflection;
using System.Text.Json;

namespace MicroPython.Sandbox.Bridge;

/// <summary>
/// A .NET delegate registered for Python: its Python-visible parameters (names, types, defaults), a
/// compiled invoker (no reflection per call) and the binding of Python arguments to parameters.
/// A <see cref="CancellationToken"/> parameter is not visible to Python: it receives the run's token.
/// </summary>
internal sealed class HostFunction
{
    private readonly Func<object?[], object?> _invoke;
    private readonly Func<Task, object?>? _taskResult;
    private readonly int _cancellationIndex = -1;
    private readonly int _arity;

    public HostFunction(int id, string name, string? module, Delegate target)
    {
        Id = id;
        Name = name;
        Module = module;
        var method = target.Method;
        var all = method.GetParameters();
        var visible = new List<Parameter>();
        for (int i = 0; i < all.Length; i++)
        {
            var p = all[i];
            if (p.ParameterType.IsByRef || p.ParameterType.IsPointer || p.IsOut)
                throw new ArgumentException($"Parameter '{p.Name}' of '{name}' is passed by reference, which Python cannot do.", nameof(target));
            if (p.ParameterType == typeof(CancellationToken))
            {
                _cancellationIndex = i;
                continue;
            }
            visible.Add(new Parameter(i, p.Name ?? $"arg{i}", p.ParameterType, p.HasDefaultValue, p.HasDefaultValue ? p.DefaultValue : null,
                p.ParameterType.IsValueType && Nullable.GetUnderlyingType(p.ParameterType) is null ? false : true));
        }
        Parameters = visible.ToArray();
        _arity = all.Length;

        // (object?[] a) => (object?)target((T0)a[0], (T1)a[1], ...)
        var args = Expression.Parameter(typeof(object?[]), "a");
        var converted = all.Select((p, i) => Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        Expression call = Expression.Invoke(Expression.Constant(target), converted);
        var returnType = method.ReturnType;
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            call = Expression.Call(call, returnType.GetMethod(nameof(ValueTask<int>.AsTask))!);
            returnType = call.Type;
        }
        else if (returnType == typeof(ValueTask))
        {
            call = Expression.Call(call, typeof(ValueTask).GetMethod(nameof(ValueTask.AsTask))!);
            returnType = typeof(Task);
        }
        Expression body = returnType == typeof(void)
            ? Expression.Block(call, Expression.Constant(null, typeof(object)))
            : Expression.Convert(call, typeof(object));
        _invoke = Expression.Lambda<Func<object?[], object?>>(body, args).Compile();

        if (typeof(Task).IsAssignableFrom(returnType))
        {
            IsAsync = true;
            if (returnType.IsGenericType)
            {
                var task = Expression.Parameter(typeof(Task), "t");
                var result = Expression.Property(Expression.Convert(task, returnType), "Result");
                _taskResult = Expression.Lambda<Func<Task, object?>>(Expression.Convert(result, typeof(object)), task).Compile();
            }
        }
    }

    /// <summary>A parameter Python can pass.</summary>
    public sealed record Parameter(int Position, string Name, Type Type, bool HasDefault, object? Default, bool AcceptsNull);

    public int Id { get; }

    public string Name { get; }

    public string? Module { get; }

    public Parameter[] Parameters { get; }

    public bool IsAsync { get; }

    private string Display => Module is null ? $"{Name}()" : $"{Module}.{Name}()";

    /// <summary>Binds positional and keyword arguments (natural values) to the delegate's parameters, converting each.</summary>
    public object?[] Bind(IReadOnlyList<object?> positional, IReadOnlyList<KeyValuePair<string, object?>>? keywords, CancellationToken cancellation)
    {
        var result = new object?[_arity];
        Span<bool> set = stackalloc bool[Parameters.Length];
        if (positional.Count > Parameters.Length)
            throw new BridgeException("TypeError", $"{Display} takes {Parameters.Length} positional argument{(Parameters.Length == 1 ? "" : "s")} but {positional.Count} were given");
        for (int i = 0; i < positional.Count; i++)
        {
            if (positional[i] is Missing) continue;
            result[Parameters[i].Position] = Convert(Parameters[i], positional[i]);
            set[i] = true;
        }
        if (keywords is not null)
        {
            foreach (var (key, value) in keywords)
            {
                int index = Array.FindIndex(Parameters, p => p.Name == key);
                if (index < 0) throw new BridgeException("TypeError", $"{Display} got an unexpected keyword argument '{key}'");
                if (set[index]) throw new BridgeException("TypeError", $"{Display} got multiple values for argument '{key}'");
                result[Parameters[index].Position] = Convert(Parameters[index], value);
                set[index] = true;
            }
        }
        List<string>? missing = null;
        for (int i = 0; i < Parameters.Length; i++)
        {
            if (set[i]) continue;
            var p = Parameters[i];
            if (p.HasDefault) result[p.Position] = p.Default ?? (p.Type.IsValueType ? Activator.CreateInstance(p.Type) : null);
            else (missing ??= []).Add($"'{p.Name}'");
        }
        if (missing is not null)
            throw new BridgeException("TypeError", $"{Display} missing {missing.Count} required argument{(missing.Count == 1 ? "" : "s")}: {string.Join(", ", missing)}");
        if (_cancellationIndex >= 0) result[_cancellationIndex] = cancellation;
        return result;
    }

    /// <summary>Calls the delegate; for an async one, returns the unfinished <see cref="Task"/>.</summary>
    public object? Invoke(object?[] arguments) => _invoke(arguments);

    /// <summary>The result of a finished task returned by <see cref="Invoke"/>.</summary>
    public object? TaskResult(Task task) => _taskResult?.Invoke(task);

    private object? Convert(Parameter parameter, object? value)
    {
        try
        {
            return ConvertTo(parameter.Type, value);
        }
        catch (BridgeException e)
        {
            throw new BridgeException(e.PythonType, $"{Display} argument '{parameter.Name}': {e.Message}");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new BridgeException("TypeError", $"{Display} argument '{parameter.Name}': cannot convert {PythonTypeName(value)} to {parameter.Type.Name}");
        }
    }

    /// <summary>Converts a natural value (see <see cref="ValueCodec"/>) to <paramref name="type"/>.</summary>
    internal static object? ConvertTo(Type type, object? value)
    {
        if (value is Unconvertible u) throw new BridgeException("TypeError", $"cannot convert Python '{u.TypeName}' to {type.Name}");
        if (type == typeof(object)) return value;
        if (type == typeof(JsonElement)) return ValueCodec.ToJsonElement(value);
        if (value is null)
        {
            if (!type.IsValueType || Nullable.GetUnderlyingType(type) is not null) return null;
            throw new BridgeException("TypeError", $"expected {type.Name}, got None");
        }
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsInstanceOfType(value) && target != typeof(object)) return value;

        if (value is long or BigInteger && target != typeof(bool))
        {
            var big = value is long l ? new BigInteger(l) : (BigInteger)value;
            try
            {
                // A long converts directly; only ints beyond it need BigInteger arithmetic.
                if ((value is long small ? IntegerAs(target, small) : IntegerAs(target, big)) is { } integer) return integer;
            }
            catch (OverflowException)
            {
                throw new BridgeException("OverflowError", $"int {big} out of range for {target.Name}");
            }
            if (target == typeof(BigInteger)) return big;
            if (target == typeof(double)) return (double)big;
            if (target == typeof(float)) return (float)big;
            if (target == typeof(decimal)) return (decimal)big;
        }
        if (value is double d)
        {
            if (target == typeof(float)) return (float)d;
            if (target == typeof(decimal)) return (decimal)d;
            if (target == typeof(Half)) return (Half)d;
        }
        if (value is string s && target == typeof(char) && s.Length == 1) return s[0];
        if (value is byte[] bytes)
        {
            if (target == typeof(ReadOnlyMemory<byte>)) return new ReadOnlyMemory<byte>(bytes);
            if (target == typeof(Memory<byte>)) return new Memory<byte>(bytes);
        }
        if (IsScalar(target) || IsScalarValue(value))
            throw new BridgeException("TypeError", $"expected {FriendlyName(target)}, got {PythonTypeName(value)}");

        // Collections and other shapes: through JSON, with the serializer's own type checks.
        return ValueCodec.ToJsonElement(value).Deserialize(type, ParameterJson);
    }

    /// <summary><paramref name="value"/> as the integer type <paramref name="target"/> (checked), or null when it is not one.</summary>
    private static object? IntegerAs<T>(Type target, T value) where T : INumberBase<T>
    {
        if (target == typeof(int)) return int.CreateChecked(value);
        if (target == typeof(long)) return long.CreateChecked(value);
        if (target == typeof(short)) return short.CreateChecked(value);
        if (target == typeof(sbyte)) return sbyte.CreateChecked(value);
        if (target == typeof(byte)) return byte.CreateChecked(value);
        if (target == typeof(ushort)) return ushort.CreateChecked(value);
        if (target == typeof(uint)) return uint.CreateChecked(value);
        if (target == typeof(ulong)) return ulong.CreateChecked(value);
        if (target == typeof(Int128)) return Int128.CreateChecked(value);
        if (target == typeof(UInt128)) return UInt128.CreateChecked(value);
        return null;
    }

    /// <summary>For typed parameters filled from JSON: Python dict keys match properties regardless of case.</summary>
    private static readonly JsonSerializerOptions ParameterJson = new() { PropertyNameCaseInsensitive = true };

    private static bool IsScalar(Type t) => t.IsPrimitive || t == typeof(string) || t == typeof(decimal) || t == typeof(BigInteger) || t == typeof(byte[]) || t.IsEnum;

    private static bool IsScalarValue(object value) => value is bool or long or BigInteger or double or string or byte[];

    private static string FriendlyName(Type t) => t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(BigInteger) ? "int"
        : t == typeof(double) || t == typeof(float) ? "float"
        : t == typeof(string) ? "str"
        : t == typeof(bool) ? "bool"
        : t == typeof(byte[]) ? "bytes"
        : t.Name;

    internal static string PythonTypeName(object? value) => value switch
    {
        null => "None",
        bool => "bool",
        long or BigInteger => "int",
        double => "float",
        string => "str",
        byte[] => "bytes",
        object?[] => "tuple",
        List<object?> => "list",
        Dictionary<string, object?> => "dict",
        Unconvertible u => u.TypeName,
        _ => value.GetType().Name,
    };
}
