using System.Runtime.CompilerServices;
using MicroPython.Sandbox.Bridge;

namespace MicroPython.Sandbox;

// Typed overloads of DefineFunction, one per delegate shape and arity (0-8). A lambda binds to them rather
// than to DefineFunction(string, Delegate), so its parameter and result types are known at compile time and
// the function works in Native AOT apps. Async lambdas prefer Task<TResult> (priority 2), then ValueTask<TResult>
// (priority 1): both shapes accept them, and without the priorities the call would be ambiguous.
public sealed partial class PythonSession
{
    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Its result is converted to Python (a returned <see cref="Task"/> or <see cref="ValueTask"/> is awaited).
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<TResult>(string name, Func<TResult> function) => Define(name, function, static f => HostCallable.Of(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(2)]
    public void DefineFunction<TResult>(string name, Func<Task<TResult>> function) => Define(name, function, static f => HostCallable.OfTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(1)]
    public void DefineFunction<TResult>(string name, Func<ValueTask<TResult>> function) => Define(name, function, static f => HostCallable.OfValueTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Python receives None.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction(string name, Action function) => Define(name, function, static f => HostCallable.OfAction(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Its result is converted to Python (a returned <see cref="Task"/> or <see cref="ValueTask"/> is awaited).
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, TResult>(string name, Func<T1, TResult> function) => Define(name, function, static f => HostCallable.Of(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(2)]
    public void DefineFunction<T1, TResult>(string name, Func<T1, Task<TResult>> function) => Define(name, function, static f => HostCallable.OfTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(1)]
    public void DefineFunction<T1, TResult>(string name, Func<T1, ValueTask<TResult>> function) => Define(name, function, static f => HostCallable.OfValueTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Python receives None.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1>(string name, Action<T1> function) => Define(name, function, static f => HostCallable.OfAction(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Its result is converted to Python (a returned <see cref="Task"/> or <see cref="ValueTask"/> is awaited).
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, T2, TResult>(string name, Func<T1, T2, TResult> function) => Define(name, function, static f => HostCallable.Of(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(2)]
    public void DefineFunction<T1, T2, TResult>(string name, Func<T1, T2, Task<TResult>> function) => Define(name, function, static f => HostCallable.OfTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(1)]
    public void DefineFunction<T1, T2, TResult>(string name, Func<T1, T2, ValueTask<TResult>> function) => Define(name, function, static f => HostCallable.OfValueTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Python receives None.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, T2>(string name, Action<T1, T2> function) => Define(name, function, static f => HostCallable.OfAction(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Its result is converted to Python (a returned <see cref="Task"/> or <see cref="ValueTask"/> is awaited).
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, T2, T3, TResult>(string name, Func<T1, T2, T3, TResult> function) => Define(name, function, static f => HostCallable.Of(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(2)]
    public void DefineFunction<T1, T2, T3, TResult>(string name, Func<T1, T2, T3, Task<TResult>> function) => Define(name, function, static f => HostCallable.OfTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(1)]
    public void DefineFunction<T1, T2, T3, TResult>(string name, Func<T1, T2, T3, ValueTask<TResult>> function) => Define(name, function, static f => HostCallable.OfValueTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Python receives None.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, T2, T3>(string name, Action<T1, T2, T3> function) => Define(name, function, static f => HostCallable.OfAction(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Its result is converted to Python (a returned <see cref="Task"/> or <see cref="ValueTask"/> is awaited).
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, T2, T3, T4, TResult>(string name, Func<T1, T2, T3, T4, TResult> function) => Define(name, function, static f => HostCallable.Of(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(2)]
    public void DefineFunction<T1, T2, T3, T4, TResult>(string name, Func<T1, T2, T3, T4, Task<TResult>> function) => Define(name, function, static f => HostCallable.OfTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(1)]
    public void DefineFunction<T1, T2, T3, T4, TResult>(string name, Func<T1, T2, T3, T4, ValueTask<TResult>> function) => Define(name, function, static f => HostCallable.OfValueTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Python receives None.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, T2, T3, T4>(string name, Action<T1, T2, T3, T4> function) => Define(name, function, static f => HostCallable.OfAction(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Its result is converted to Python (a returned <see cref="Task"/> or <see cref="ValueTask"/> is awaited).
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, T2, T3, T4, T5, TResult>(string name, Func<T1, T2, T3, T4, T5, TResult> function) => Define(name, function, static f => HostCallable.Of(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(2)]
    public void DefineFunction<T1, T2, T3, T4, T5, TResult>(string name, Func<T1, T2, T3, T4, T5, Task<TResult>> function) => Define(name, function, static f => HostCallable.OfTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(1)]
    public void DefineFunction<T1, T2, T3, T4, T5, TResult>(string name, Func<T1, T2, T3, T4, T5, ValueTask<TResult>> function) => Define(name, function, static f => HostCallable.OfValueTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Python receives None.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, T2, T3, T4, T5>(string name, Action<T1, T2, T3, T4, T5> function) => Define(name, function, static f => HostCallable.OfAction(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Its result is converted to Python (a returned <see cref="Task"/> or <see cref="ValueTask"/> is awaited).
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="T6">The type of the sixth parameter.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, T2, T3, T4, T5, T6, TResult>(string name, Func<T1, T2, T3, T4, T5, T6, TResult> function) => Define(name, function, static f => HostCallable.Of(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="T6">The type of the sixth parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(2)]
    public void DefineFunction<T1, T2, T3, T4, T5, T6, TResult>(string name, Func<T1, T2, T3, T4, T5, T6, Task<TResult>> function) => Define(name, function, static f => HostCallable.OfTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="T6">The type of the sixth parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(1)]
    public void DefineFunction<T1, T2, T3, T4, T5, T6, TResult>(string name, Func<T1, T2, T3, T4, T5, T6, ValueTask<TResult>> function) => Define(name, function, static f => HostCallable.OfValueTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Python receives None.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="T6">The type of the sixth parameter.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, T2, T3, T4, T5, T6>(string name, Action<T1, T2, T3, T4, T5, T6> function) => Define(name, function, static f => HostCallable.OfAction(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Its result is converted to Python (a returned <see cref="Task"/> or <see cref="ValueTask"/> is awaited).
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="T6">The type of the sixth parameter.</typeparam>
    /// <typeparam name="T7">The type of the seventh parameter.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, T2, T3, T4, T5, T6, T7, TResult>(string name, Func<T1, T2, T3, T4, T5, T6, T7, TResult> function) => Define(name, function, static f => HostCallable.Of(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="T6">The type of the sixth parameter.</typeparam>
    /// <typeparam name="T7">The type of the seventh parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(2)]
    public void DefineFunction<T1, T2, T3, T4, T5, T6, T7, TResult>(string name, Func<T1, T2, T3, T4, T5, T6, T7, Task<TResult>> function) => Define(name, function, static f => HostCallable.OfTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="T6">The type of the sixth parameter.</typeparam>
    /// <typeparam name="T7">The type of the seventh parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(1)]
    public void DefineFunction<T1, T2, T3, T4, T5, T6, T7, TResult>(string name, Func<T1, T2, T3, T4, T5, T6, T7, ValueTask<TResult>> function) => Define(name, function, static f => HostCallable.OfValueTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Python receives None.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="T6">The type of the sixth parameter.</typeparam>
    /// <typeparam name="T7">The type of the seventh parameter.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, T2, T3, T4, T5, T6, T7>(string name, Action<T1, T2, T3, T4, T5, T6, T7> function) => Define(name, function, static f => HostCallable.OfAction(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Its result is converted to Python (a returned <see cref="Task"/> or <see cref="ValueTask"/> is awaited).
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="T6">The type of the sixth parameter.</typeparam>
    /// <typeparam name="T7">The type of the seventh parameter.</typeparam>
    /// <typeparam name="T8">The type of the eighth parameter.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult> function) => Define(name, function, static f => HostCallable.Of(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="T6">The type of the sixth parameter.</typeparam>
    /// <typeparam name="T7">The type of the seventh parameter.</typeparam>
    /// <typeparam name="T8">The type of the eighth parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(2)]
    public void DefineFunction<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, Task<TResult>> function) => Define(name, function, static f => HostCallable.OfTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. It is awaited while the guest waits, within the run's time limit and cancellation.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="T6">The type of the sixth parameter.</typeparam>
    /// <typeparam name="T7">The type of the seventh parameter.</typeparam>
    /// <typeparam name="T8">The type of the eighth parameter.</typeparam>
    /// <typeparam name="TResult">The type of the task's result.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    [OverloadResolutionPriority(1)]
    public void DefineFunction<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, ValueTask<TResult>> function) => Define(name, function, static f => HostCallable.OfValueTask(f));

    /// <summary>
    /// Makes <paramref name="function"/> callable from Python as <paramref name="name"/>; see
    /// <see cref="DefineFunction(string, Delegate)"/> for arguments, conversions and errors. Python receives None.
    /// Its types are known at compile time, so this overload works in Native AOT apps.
    /// </summary>
    /// <typeparam name="T1">The type of the first parameter.</typeparam>
    /// <typeparam name="T2">The type of the second parameter.</typeparam>
    /// <typeparam name="T3">The type of the third parameter.</typeparam>
    /// <typeparam name="T4">The type of the fourth parameter.</typeparam>
    /// <typeparam name="T5">The type of the fifth parameter.</typeparam>
    /// <typeparam name="T6">The type of the sixth parameter.</typeparam>
    /// <typeparam name="T7">The type of the seventh parameter.</typeparam>
    /// <typeparam name="T8">The type of the eighth parameter.</typeparam>
    /// <param name="name">A Python identifier, or <c>module.function</c> to put the function in a module Python imports.</param>
    /// <param name="function">The function.</param>
    /// <exception cref="ArgumentException">The name is not valid, or a parameter or result type cannot be converted (see <see cref="TypeInfoResolver"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void DefineFunction<T1, T2, T3, T4, T5, T6, T7, T8>(string name, Action<T1, T2, T3, T4, T5, T6, T7, T8> function) => Define(name, function, static f => HostCallable.OfAction(f));
}
