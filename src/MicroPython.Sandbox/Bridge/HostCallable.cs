using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;

namespace MicroPython.Sandbox.Bridge;

/// <summary>
/// How the bridge calls one .NET function: its parameter types, an invoker taking the bound arguments as
/// an array, and for an async function the way to read a finished task's result. The typed factories
/// (<c>HostCallable.Typed.cs</c>, one per delegate shape) capture every type statically, so they need no
/// reflection or generated code and work in Native AOT apps; <see cref="FromDelegate"/> handles any other
/// delegate by compiling an invoker at run time.
/// </summary>
internal sealed partial class HostCallable
{
    private HostCallable(MethodInfo? method, Type[] parameterTypes, Type resultType, Func<object?[], object?> invoke, bool isAsync, Func<Task, object?>? taskResult)
    {
        Method = method;
        ParameterTypes = parameterTypes;
        ResultType = resultType;
        Invoke = invoke;
        IsAsync = isAsync;
        TaskResult = taskResult;
    }

    /// <summary>The target method, for parameter names and defaults (null when unavailable).</summary>
    public MethodInfo? Method { get; }

    /// <summary>The delegate's parameter types, including a <see cref="CancellationToken"/>.</summary>
    public Type[] ParameterTypes { get; }

    /// <summary>The type of the value Python receives (the awaited value for an async function; <see cref="void"/> for none).</summary>
    public Type ResultType { get; }

    /// <summary>Calls the function with bound arguments; an async function returns its <see cref="Task"/>.</summary>
    public Func<object?[], object?> Invoke { get; }

    public bool IsAsync { get; }

    /// <summary>Reads the result of a finished task (null for a task without one).</summary>
    public Func<Task, object?>? TaskResult { get; }

    /// <summary>An argument as <typeparamref name="T"/>; null (an omitted optional value) is <c>default</c>.</summary>
    private static T Arg<T>(object? value) => value is null ? default! : (T)value;

    private static MethodInfo? MethodOf(Delegate function)
    {
        try
        {
            return function.Method;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>A synchronous function, or one returning a non-generic <see cref="Task"/>/<see cref="ValueTask"/>.</summary>
    private static HostCallable Sync<TResult>(Delegate function, Type[] types, Func<object?[], object?> invoke)
    {
        if (typeof(TResult) == typeof(ValueTask))
            return new(MethodOf(function), types, typeof(void), a => ((ValueTask)invoke(a)!).AsTask(), true, null);
        // A Task<T> or ValueTask<T> here means the caller spelled the type arguments out and picked this overload
        // rather than the awaiting one: refused, since its result would silently reach Python as None.
        if (typeof(TResult).IsGenericType && (typeof(TResult).GetGenericTypeDefinition() == typeof(Task<>) || typeof(TResult).GetGenericTypeDefinition() == typeof(ValueTask<>)))
            throw new ArgumentException(
                $"The function returns {typeof(TResult).Name}: give the awaited type as the last type argument (e.g. DefineFunction<T1, TResult>(name, Func<T1, Task<TResult>>)), or let the compiler infer them.",
                nameof(function));
        if (typeof(Task).IsAssignableFrom(typeof(TResult)))
            return new(MethodOf(function), types, typeof(void), invoke, true, null);
        return new(MethodOf(function), types, typeof(TResult), invoke, false, null);
    }

    private static HostCallable Procedure(Delegate function, Type[] types, Func<object?[], object?> invoke) =>
        new(MethodOf(function), types, typeof(void), invoke, false, null);

    private static HostCallable Awaited<TResult>(Delegate function, Type[] types, Func<object?[], Task<TResult>> invoke) =>
        new(MethodOf(function), types, typeof(TResult), invoke, true, static t => ((Task<TResult>)t).Result);

    /// <summary>
    /// Any delegate, its shape read by reflection and its invoker compiled at run time
    /// (<c>(object?[] a) =&gt; (object?)target((T0)a[0], (T1)a[1], ...)</c>), so no reflection runs per call.
    /// </summary>
    [RequiresDynamicCode("Compiles an invoker for the delegate at run time.")]
    [RequiresUnreferencedCode("Reads the delegate's return type (Task<T>, ValueTask<T>) by reflection.")]
    public static HostCallable FromDelegate(Delegate target, string name)
    {
        var method = target.Method;
        var all = method.GetParameters();
        var invokeParameters = target.GetType().GetMethod("Invoke")?.GetParameters() ?? all;
        foreach (var p in invokeParameters)
            if (p.ParameterType.IsByRef || p.ParameterType.IsPointer || p.IsOut)
                throw new ArgumentException($"Parameter '{p.Name}' of '{name}' is passed by reference, which Python cannot do.", nameof(target));
        var types = invokeParameters.Select(p => p.ParameterType).ToArray();

        var args = Expression.Parameter(typeof(object?[]), "a");
        var converted = types.Select((t, i) =>
        {
            Expression item = Expression.ArrayIndex(args, Expression.Constant(i));
            // An omitted optional value type arrives as null: default(T).
            return t.IsValueType
                ? (Expression)Expression.Condition(Expression.Equal(item, Expression.Constant(null)), Expression.Default(t), Expression.Convert(item, t))
                : Expression.Convert(item, t);
        });
        Expression call = Expression.Invoke(Expression.Constant(target), converted);
        var returnType = call.Type;
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
        var invoke = Expression.Lambda<Func<object?[], object?>>(body, args).Compile();

        if (!typeof(Task).IsAssignableFrom(returnType)) return new(method, types, returnType, invoke, false, null);
        if (!returnType.IsGenericType) return new(method, types, typeof(void), invoke, true, null);
        var task = Expression.Parameter(typeof(Task), "t");
        var result = Expression.Property(Expression.Convert(task, returnType), "Result");
        var taskResult = Expression.Lambda<Func<Task, object?>>(Expression.Convert(result, typeof(object)), task).Compile();
        return new(method, types, returnType.GetGenericArguments()[0], invoke, true, taskResult);
    }
}
