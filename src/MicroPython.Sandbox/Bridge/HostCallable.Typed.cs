// Generated shapes: one factory per delegate shape and arity (0-8), so every type is captured statically.
namespace MicroPython.Sandbox.Bridge;

internal sealed partial class HostCallable
{
    public static HostCallable Of<TResult>(Func<TResult> f) => Sync<TResult>(f, [], a => f());
    public static HostCallable OfTask<TResult>(Func<Task<TResult>> f) => Awaited<TResult>(f, [], a => f());
    public static HostCallable OfValueTask<TResult>(Func<ValueTask<TResult>> f) => Awaited<TResult>(f, [], a => f().AsTask());
    public static HostCallable OfAction(Action f) => Procedure(f, [], a => { f(); return null; });

    public static HostCallable Of<T1, TResult>(Func<T1, TResult> f) => Sync<TResult>(f, [typeof(T1)], a => f(Arg<T1>(a[0])));
    public static HostCallable OfTask<T1, TResult>(Func<T1, Task<TResult>> f) => Awaited<TResult>(f, [typeof(T1)], a => f(Arg<T1>(a[0])));
    public static HostCallable OfValueTask<T1, TResult>(Func<T1, ValueTask<TResult>> f) => Awaited<TResult>(f, [typeof(T1)], a => f(Arg<T1>(a[0])).AsTask());
    public static HostCallable OfAction<T1>(Action<T1> f) => Procedure(f, [typeof(T1)], a => { f(Arg<T1>(a[0])); return null; });

    public static HostCallable Of<T1, T2, TResult>(Func<T1, T2, TResult> f) => Sync<TResult>(f, [typeof(T1), typeof(T2)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1])));
    public static HostCallable OfTask<T1, T2, TResult>(Func<T1, T2, Task<TResult>> f) => Awaited<TResult>(f, [typeof(T1), typeof(T2)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1])));
    public static HostCallable OfValueTask<T1, T2, TResult>(Func<T1, T2, ValueTask<TResult>> f) => Awaited<TResult>(f, [typeof(T1), typeof(T2)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1])).AsTask());
    public static HostCallable OfAction<T1, T2>(Action<T1, T2> f) => Procedure(f, [typeof(T1), typeof(T2)], a => { f(Arg<T1>(a[0]), Arg<T2>(a[1])); return null; });

    public static HostCallable Of<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> f) => Sync<TResult>(f, [typeof(T1), typeof(T2), typeof(T3)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2])));
    public static HostCallable OfTask<T1, T2, T3, TResult>(Func<T1, T2, T3, Task<TResult>> f) => Awaited<TResult>(f, [typeof(T1), typeof(T2), typeof(T3)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2])));
    public static HostCallable OfValueTask<T1, T2, T3, TResult>(Func<T1, T2, T3, ValueTask<TResult>> f) => Awaited<TResult>(f, [typeof(T1), typeof(T2), typeof(T3)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2])).AsTask());
    public static HostCallable OfAction<T1, T2, T3>(Action<T1, T2, T3> f) => Procedure(f, [typeof(T1), typeof(T2), typeof(T3)], a => { f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2])); return null; });

    public static HostCallable Of<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, TResult> f) => Sync<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3])));
    public static HostCallable OfTask<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, Task<TResult>> f) => Awaited<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3])));
    public static HostCallable OfValueTask<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, ValueTask<TResult>> f) => Awaited<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3])).AsTask());
    public static HostCallable OfAction<T1, T2, T3, T4>(Action<T1, T2, T3, T4> f) => Procedure(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4)], a => { f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3])); return null; });

    public static HostCallable Of<T1, T2, T3, T4, T5, TResult>(Func<T1, T2, T3, T4, T5, TResult> f) => Sync<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4])));
    public static HostCallable OfTask<T1, T2, T3, T4, T5, TResult>(Func<T1, T2, T3, T4, T5, Task<TResult>> f) => Awaited<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4])));
    public static HostCallable OfValueTask<T1, T2, T3, T4, T5, TResult>(Func<T1, T2, T3, T4, T5, ValueTask<TResult>> f) => Awaited<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4])).AsTask());
    public static HostCallable OfAction<T1, T2, T3, T4, T5>(Action<T1, T2, T3, T4, T5> f) => Procedure(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], a => { f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4])); return null; });

    public static HostCallable Of<T1, T2, T3, T4, T5, T6, TResult>(Func<T1, T2, T3, T4, T5, T6, TResult> f) => Sync<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4]), Arg<T6>(a[5])));
    public static HostCallable OfTask<T1, T2, T3, T4, T5, T6, TResult>(Func<T1, T2, T3, T4, T5, T6, Task<TResult>> f) => Awaited<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4]), Arg<T6>(a[5])));
    public static HostCallable OfValueTask<T1, T2, T3, T4, T5, T6, TResult>(Func<T1, T2, T3, T4, T5, T6, ValueTask<TResult>> f) => Awaited<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4]), Arg<T6>(a[5])).AsTask());
    public static HostCallable OfAction<T1, T2, T3, T4, T5, T6>(Action<T1, T2, T3, T4, T5, T6> f) => Procedure(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], a => { f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4]), Arg<T6>(a[5])); return null; });

    public static HostCallable Of<T1, T2, T3, T4, T5, T6, T7, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, TResult> f) => Sync<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4]), Arg<T6>(a[5]), Arg<T7>(a[6])));
    public static HostCallable OfTask<T1, T2, T3, T4, T5, T6, T7, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, Task<TResult>> f) => Awaited<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4]), Arg<T6>(a[5]), Arg<T7>(a[6])));
    public static HostCallable OfValueTask<T1, T2, T3, T4, T5, T6, T7, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, ValueTask<TResult>> f) => Awaited<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4]), Arg<T6>(a[5]), Arg<T7>(a[6])).AsTask());
    public static HostCallable OfAction<T1, T2, T3, T4, T5, T6, T7>(Action<T1, T2, T3, T4, T5, T6, T7> f) => Procedure(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], a => { f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4]), Arg<T6>(a[5]), Arg<T7>(a[6])); return null; });

    public static HostCallable Of<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult> f) => Sync<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7), typeof(T8)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4]), Arg<T6>(a[5]), Arg<T7>(a[6]), Arg<T8>(a[7])));
    public static HostCallable OfTask<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, T8, Task<TResult>> f) => Awaited<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7), typeof(T8)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4]), Arg<T6>(a[5]), Arg<T7>(a[6]), Arg<T8>(a[7])));
    public static HostCallable OfValueTask<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, T8, ValueTask<TResult>> f) => Awaited<TResult>(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7), typeof(T8)], a => f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4]), Arg<T6>(a[5]), Arg<T7>(a[6]), Arg<T8>(a[7])).AsTask());
    public static HostCallable OfAction<T1, T2, T3, T4, T5, T6, T7, T8>(Action<T1, T2, T3, T4, T5, T6, T7, T8> f) => Procedure(f, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7), typeof(T8)], a => { f(Arg<T1>(a[0]), Arg<T2>(a[1]), Arg<T3>(a[2]), Arg<T4>(a[3]), Arg<T5>(a[4]), Arg<T6>(a[5]), Arg<T7>(a[6]), Arg<T8>(a[7])); return null; });
}
