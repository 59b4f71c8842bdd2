using System.Runtime.InteropServices;

namespace MicroPython.Sandbox.Interop;

/// <summary>
/// How much native stack the current thread has left. Guest code runs on its caller's thread, and Wasmtime lets it use
/// up to <see cref="Limits.StackBudget.NativeBytes"/> of that thread's stack: a thread with less left than that (plus
/// room for host functions called from the guest) would overflow outside WebAssembly, which ends the process, so such
/// runs move to a thread of the library's own (<see cref="Runtime.GuestThreads"/>).
/// </summary>
internal static unsafe partial class ThreadStack
{
    // The lowest usable address of this thread's stack; 0 before the first query, nuint.MaxValue when it is unknown.
    [ThreadStatic] private static nuint _low;

    /// <summary>
    /// Bytes between the caller's frame and the end of its thread's stack; 0 when the platform does not say (the run
    /// then takes a thread whose stack the library made). The bounds are read once per thread.
    /// </summary>
    public static long Remaining
    {
        get
        {
            nuint low = _low;
            if (low == 0) _low = low = QueryLow();
            byte here = 0;
            nuint sp = (nuint)(&here);
            return low == nuint.MaxValue || sp <= low ? 0 : (long)(sp - low);
        }
    }

    /// <summary>Marks the current thread's stack as starting <paramref name="size"/> bytes below here (threads the library made).</summary>
    public static void SetForCurrentThread(long size)
    {
        byte here = 0;
        _low = (nuint)(&here) - (nuint)size;
    }

    private static nuint QueryLow()
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                GetCurrentThreadStackLimits(out nuint low, out _);
                // The last pages are the guard and the reserve the OS keeps for handling a stack overflow.
                return low + 64 * 1024;
            }
            if (OperatingSystem.IsMacOS())
            {
                nint self = PthreadSelf();
                nuint top = PthreadGetStackaddrNp(self), size = PthreadGetStacksizeNp(self);
                return top - size + 64 * 1024;
            }
            if (OperatingSystem.IsLinux())
            {
                // pthread_attr_t is 56 bytes on x86-64 and 64 on arm64 (glibc; smaller on musl): 128 covers both.
                byte* attr = stackalloc byte[128];
                if (PthreadGetattrNp(PthreadSelf(), attr) != 0) return nuint.MaxValue;
                try
                {
                    if (PthreadAttrGetstack(attr, out nuint address, out _) != 0) return nuint.MaxValue;
                    // For the main thread glibc reports the stack's size limit; the guard page lies below the address.
                    return address + 64 * 1024;
                }
                finally
                {
                    _ = PthreadAttrDestroy(attr);
                }
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
        return nuint.MaxValue;
    }

    [LibraryImport("libc", EntryPoint = "pthread_self")]
    private static partial nint PthreadSelf();

    [LibraryImport("libc", EntryPoint = "pthread_getattr_np")]
    private static partial int PthreadGetattrNp(nint thread, byte* attr);

    [LibraryImport("libc", EntryPoint = "pthread_attr_getstack")]
    private static partial int PthreadAttrGetstack(byte* attr, out nuint address, out nuint size);

    [LibraryImport("libc", EntryPoint = "pthread_attr_destroy")]
    private static partial int PthreadAttrDestroy(byte* attr);

    [LibraryImport("libc", EntryPoint = "pthread_get_stackaddr_np")]
    private static partial nuint PthreadGetStackaddrNp(nint thread);

    [LibraryImport("libc", EntryPoint = "pthread_get_stacksize_np")]
    private static partial nuint PthreadGetStacksizeNp(nint thread);

    [LibraryImport("kernel32", EntryPoint = "GetCurrentThreadStackLimits")]
    private static partial void GetCurrentThreadStackLimits(out nuint lowLimit, out nuint highLimit);
}
