using System.Runtime.ExceptionServices;
using MicroPython.Sandbox.Interop;
using MicroPython.Sandbox.Limits;

namespace MicroPython.Sandbox.Runtime;

/// <summary>
/// Runs guest code on a thread whose native stack is large enough for it. A run starts inline when its thread has
/// <see cref="StackBudget.ThreadBytes"/> left (a process's main thread on Linux and macOS); otherwise (thread-pool threads,
/// Windows main threads, threads made with a small stack) it is handed to one of a few long-lived threads made with
/// <see cref="StackBudget.GuestThreadBytes"/>, and the caller waits for it. The run itself is unchanged: its
/// deadline, cancellation and fuel act inside the guest wherever it runs, and the caller's execution context (async
/// locals, activities) goes with it. Idle threads end after <see cref="IdleLifetime"/>.
/// </summary>
internal static class GuestThreads
{
    /// <summary>How long an idle guest thread waits for work before it ends.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(30);

    private static readonly Lock Gate = new();
    private static readonly Stack<Worker> Idle = new();

    /// <summary>Whether the current thread has the stack a run needs (a few nanoseconds: the bounds are cached per thread).</summary>
    public static bool CurrentHasRoom => ThreadStack.Remaining >= StackBudget.ThreadBytes;

    /// <summary>Runs <paramref name="work"/> on a guest thread and returns its result or rethrows its exception.</summary>
    public static T Hand<T>(Func<T> work)
    {
        var job = new Job<T>(work, ExecutionContext.Capture());
        Take().Post(job);
        // Not disposed: the worker may still be inside Set when the wait returns, and without a kernel handle
        // (only made for waits that block long) there is nothing to release.
        job.Done.Wait();
        job.Failure?.Throw();
        return job.Result!;
    }

    private static Worker Take()
    {
        lock (Gate)
        {
            if (Idle.TryPop(out var worker)) return worker;
        }
        return new Worker();
    }

    private abstract class WorkItem
    {
        public abstract void Execute();
    }

    private sealed class Job<T>(Func<T> work, ExecutionContext? context) : WorkItem
    {
        public ManualResetEventSlim Done { get; } = new();
        public T? Result { get; private set; }
        public ExceptionDispatchInfo? Failure { get; private set; }

        public override void Execute()
        {
            try
            {
                if (context is null) Result = work();
                else ExecutionContext.Run(context, static state => ((Job<T>)state!).Result = ((Job<T>)state!).Invoke(), this);
            }
            catch (Exception e)
            {
                Failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                Done.Set();
            }
        }

        private T Invoke() => work();
    }

    private sealed class Worker : IDisposable
    {
        private readonly SemaphoreSlim _posted = new(0);
        private WorkItem? _item;

        public Worker()
        {
            new Thread(Loop, StackBudget.GuestThreadBytes) { IsBackground = true, Name = "MicroPython.Sandbox guest" }.Start();
        }

        public void Post(WorkItem item)
        {
            _item = item;
            _posted.Release();
        }

        public void Dispose() => _posted.Dispose();

        private void Loop()
        {
            // The thread's size is what was asked for; its bounds are taken from here, a few frames below its top.
            ThreadStack.SetForCurrentThread(StackBudget.GuestThreadBytes - 64 * 1024);
            while (true)
            {
                if (!_posted.Wait(IdleLifetime))
                {
                    lock (Gate)
                    {
                        // Still idle (no caller took it meanwhile): leave the pool and end.
                        if (Idle.Contains(this) && _posted.CurrentCount == 0)
                        {
                            var kept = Idle.Where(w => w != this).Reverse().ToArray();
                            Idle.Clear();
                            foreach (var w in kept) Idle.Push(w);
                            Dispose();
                            return;
                        }
                    }
                    continue;
                }
                var item = _item!;
                _item = null;
                item.Execute();
                lock (Gate) Idle.Push(this);
            }
        }
    }
}
