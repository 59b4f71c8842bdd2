namespace MicroPython.Sandbox.Limits;

/// <summary>
/// The interpreter's C stack, which bounds Python recursion. The WebAssembly build's own stack is the first 64 KiB of
/// linear memory, too small for CPython-like depth once the garbage collector's spilled frames are counted; when a caller
/// asks for more (<c>SandboxOptions.StackBytes</c>), start-up allocates a larger one above the static data and moves the stack pointer, Emscripten's stack base and
/// MicroPython's stack top there (see <c>Runtime/Interpreter.cs</c>). MicroPython checks its depth against a limit
/// <see cref="MarginBytes"/> short of the stack's end and raises <c>RuntimeError: maximum recursion depth exceeded</c>.
/// </summary>
internal static class StackBudget
{
    /// <summary>
    /// The build's own C stack, 64 KiB at the bottom of linear memory, used in place: the default and the smallest. It
    /// allows about 148 nested calls of a plain Python function and 110 through closures (MicroPython's limit is
    /// <see cref="Engine.GcPatcher.StackLimit"/>; an overflow past its end traps below address 0 instead of writing into
    /// other data). Keeping it costs a fresh sandbox and a session run nothing: a larger stack is a block of the heap
    /// whose pages a run touches in addition (measured: one-shot and session runs 10-15% slower, 0.25 MiB more memory
    /// to snapshot), so it is taken only when a caller asks for deeper recursion.
    /// </summary>
    public const int BuildBytes = 64 * 1024;

    /// <summary>The default C stack: the build's own (see <see cref="BuildBytes"/>).</summary>
    public const int DefaultBytes = BuildBytes;

    /// <summary>The smallest C stack accepted: the build's own.</summary>
    public const int MinimumBytes = BuildBytes;

    /// <summary>
    /// The largest C stack accepted: 192 KiB, about 400 nested calls of a plain function or method and 300 through
    /// closures. It is bounded by Wasmtime's own limit on the native stack WebAssembly may use (512 KiB): a Python call
    /// takes 1.6-2.5 times as much native stack as C stack, and C code that recurses with its own depth check (the repr
    /// of a deeply nested list) even more, so with a larger C stack the native limit is hit first, which ends the run as
    /// a fault instead of a catchable RuntimeError. At 256 KiB the repr of a 100,000-deep list already did.
    /// </summary>
    public const int MaximumBytes = 192 * 1024;

    /// <summary>Whether an interpreter with <paramref name="stackBytes"/> of C stack moves it out of the build's own.</summary>
    public static bool Moves(int stackBytes) => stackBytes > BuildBytes;

    /// <summary>
    /// Stack kept below MicroPython's limit for C code that does not check it (the recursion check runs once per
    /// Python call, and C code between two checks, such as printing, hashing or a regular expression, uses more).
    /// Below the stack lie the interpreter's static data and early allocations, where an overflow would not trap as it
    /// did below address 0, so it is generous.
    /// </summary>
    public const int MarginBytes = 32 * 1024;

    /// <summary>Free memory the C allocator is left with after the stack is allocated at start-up.</summary>
    public const int AllocatorRoomBytes = 64 * 1024;

    /// <summary>
    /// The C stack an interpreter under <paramref name="memoryLimit"/> gets for <paramref name="requested"/> bytes: at
    /// most an eighth of the cap, so small caps keep room for the heap, and a multiple of 16 bytes (the ABI's stack
    /// alignment).
    /// </summary>
    public static int StackBytes(int requested, long memoryLimit) =>
        (int)Math.Max(MinimumBytes, Math.Min(requested, memoryLimit / 8)) & ~15;

    /// <summary>
    /// Words of MicroPython's Python stack (where the frames of Python functions live) for a C stack of
    /// <paramref name="stackBytes"/>: a Python call takes about a tenth as much of it as of the C stack (40-50 bytes
    /// against 400-550), more with keyword arguments or try blocks, so a moved stack gives it a quarter; the build's own stack keeps the official glue's 2,048 words. Whichever runs
    /// out first raises the same RuntimeError.
    /// </summary>
    public static int PyStackWords(int stackBytes) => Moves(stackBytes) ? Math.Max(2048, stackBytes / 4 / 4) : 2048;

    /// <summary>The recursion limit MicroPython checks for a stack of <paramref name="stackBytes"/>.</summary>
    public static int CheckedBytes(int stackBytes) => stackBytes - MarginBytes;
}
