using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MicroPython.Sandbox.Bridge;

/// <summary>
/// Converts natural values (see <see cref="ValueCodec"/>) to the .NET types host function parameters and
/// <see cref="SessionGlobals.Get{T}"/> ask for, without reflection: scalars and collections of scalars are
/// converted here; other types (records, classes) go through the session's <see cref="IJsonTypeInfoResolver"/>,
/// or, where reflection serialization is enabled, through System.Text.Json's reflection. The same resolver
/// turns such types back into Python values when a host function returns one.
/// </summary>
internal sealed class ValueConverter
{
    /// <summary>A converter without a resolver.</summary>
    public static readonly ValueConverter Default = new(null);

    private readonly JsonSerializerOptions? _json;

    public ValueConverter(IJsonTypeInfoResolver? resolver)
    {
        Resolver = resolver;
        if (resolver is not null)
        {
            // A context's own settings (naming policy, converters) apply; Python dict keys match properties regardless of case.
            _json = resolver is System.Text.Json.Serialization.JsonSerializerContext context
                ? new JsonSerializerOptions(context.Options) { TypeInfoResolver = resolver, PropertyNameCaseInsensitive = true }
                : new JsonSerializerOptions { TypeInfoResolver = resolver, PropertyNameCaseInsensitive = true };
            _json.MakeReadOnly();
        }
    }

    public IJsonTypeInfoResolver? Resolver { get; }

    /// <summary>True when values of <paramref name="type"/> can be made from Python values.</summary>
    public bool CanConvertTo(Type type) => IsNative(type) || Collections.ContainsKey(type) || TypeInfo(type) is not null || ReflectionJson.IsEnabled;

    /// <summary>True when values of <paramref name="type"/> can be sent to Python (by their shape or through the resolver).</summary>
    public bool CanEncode(Type type) => type == typeof(void) || IsNative(type) || typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
        || typeof(System.Runtime.CompilerServices.ITuple).IsAssignableFrom(type) || type.IsInterface || type.IsAbstract || TypeInfo(type) is not null;

    /// <summary>The message for a type the session cannot convert, naming what to do.</summary>
    public static string NeedsResolver(Type type) =>
        $"{type.Name} is not a type the session converts by itself; list it in a JsonSerializerContext ([JsonSerializable(typeof({type.Name}))]) and set PythonSession.TypeInfoResolver to that context before defining the function";

    /// <summary>Serializes a value of a user type through the resolver; false when the resolver does not know its type.</summary>
    public bool TrySerialize(object value, out JsonElement element)
    {
        if (TypeInfo(value.GetType()) is { } info)
        {
            element = JsonSerializer.SerializeToElement(value, info);
            return true;
        }
        element = default;
        return false;
    }

    private JsonTypeInfo? TypeInfo(Type type) => _json is not null && _json.TryGetTypeInfo(type, out var info) ? info : null;

    private static bool IsNative(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(object) || t == typeof(JsonElement) || IsScalar(t) || t == typeof(char) || t == typeof(Half)
            || t == typeof(Int128) || t == typeof(UInt128) || t == typeof(ReadOnlyMemory<byte>) || t == typeof(Memory<byte>);
    }

    /// <summary>Converts a natural value to <paramref name="type"/>; <see cref="BridgeException"/> (TypeError, OverflowError) when it cannot.</summary>
    public object? ConvertTo(Type type, object? value)
    {
        if (value is Unconvertible u) throw new BridgeException("TypeError", $"cannot convert Python '{u.TypeName}' to {type.Name}");
        if (type == typeof(object)) return value;
        if (type == typeof(JsonElement)) return ValueCodec.ToJsonElement(value);
        if (value is null)
        {
            if (!type.IsValueType || Nullable.GetUnderlyingType(type) is not null) return null;
            throw new BridgeException("TypeError", $"expected {FriendlyName(type)}, got None");
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
            if (target == typeof(Half)) return (Half)(double)big;
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
        if (Collections.TryGetValue(type, out var collection)) return collection(this, value);

        // Other shapes (records, classes, nested collections): through JSON, with the serializer's own type checks.
        var element = ValueCodec.ToJsonElement(value);
        if (TypeInfo(type) is { } info) return element.Deserialize(info);
        if (ReflectionJson.IsEnabled) return ReflectionJson.Deserialize(element, type);
        throw new BridgeException("TypeError", $"cannot convert {PythonTypeName(value)} to {type.Name}: {NeedsResolver(type)}");
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

    // ---- collections of scalars, converted here so that they need neither reflection nor a resolver ----

    private delegate object Collection(ValueConverter converter, object value);

    private static readonly Dictionary<Type, Collection> Collections = BuildCollections();

    private static Dictionary<Type, Collection> BuildCollections()
    {
        var table = new Dictionary<Type, Collection>();
        // Each line instantiates the converters for one element type, so they exist in a Native AOT app.
        Add<object?>(table); Add<string>(table); Add<bool>(table); Add<byte[]>(table); Add<JsonElement>(table);
        Add<int>(table); Add<long>(table); Add<short>(table); Add<sbyte>(table); Add<byte>(table);
        Add<ushort>(table); Add<uint>(table); Add<ulong>(table); Add<BigInteger>(table);
        Add<double>(table); Add<float>(table); Add<decimal>(table);
        Add<int?>(table); Add<long?>(table); Add<double?>(table); Add<bool?>(table);
        return table;
    }

    private static void Add<T>(Dictionary<Type, Collection> table)
    {
        Collection list = static (c, v) => c.ToList<T>(v);
        Collection dict = static (c, v) => c.ToDictionary<T>(v);
        table[typeof(List<T>)] = list;
        table[typeof(IList<T>)] = list;
        table[typeof(ICollection<T>)] = list;
        table[typeof(IEnumerable<T>)] = list;
        table[typeof(IReadOnlyList<T>)] = list;
        table[typeof(IReadOnlyCollection<T>)] = list;
        table[typeof(T[])] = static (c, v) => c.ToList<T>(v).ToArray();
        table[typeof(Dictionary<string, T>)] = dict;
        table[typeof(IDictionary<string, T>)] = dict;
        table[typeof(IReadOnlyDictionary<string, T>)] = dict;
    }

    private List<T> ToList<T>(object value)
    {
        if (value is not IEnumerable<object?> items) throw new BridgeException("TypeError", $"expected list, got {PythonTypeName(value)}");
        var list = new List<T>();
        foreach (var item in items) list.Add(Element<T>(item, list.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return list;
    }

    private Dictionary<string, T> ToDictionary<T>(object value)
    {
        if (value is not Dictionary<string, object?> items) throw new BridgeException("TypeError", $"expected dict, got {PythonTypeName(value)}");
        var dict = new Dictionary<string, T>(items.Count);
        foreach (var (key, item) in items) dict[key] = Element<T>(item, "'" + key + "'");
        return dict;
    }

    private T Element<T>(object? item, string where)
    {
        try
        {
            return (T)ConvertTo(typeof(T), item)!;
        }
        catch (BridgeException e)
        {
            throw new BridgeException(e.PythonType, $"item {where}: {e.Message}");
        }
    }

    // ---- names ----

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
