namespace MicroPython.Sandbox.Bridge;

/// <summary>
/// The prelude's entry points, in the order it hands them to <c>keep</c> (see <see cref="Prelude.Source"/>).
/// The host calls them through <see cref="SessionRuntime.Invoke"/>.
/// </summary>
internal enum PreludeEntry
{
    /// <summary><c>run(src, *candidates)</c>: runs code, reporting the last expression's value.</summary>
    Run = 0,

    /// <summary><c>getglobal(name)</c>: reports a global's value.</summary>
    GetGlobal = 1,

    /// <summary><c>setglobal(name, payload)</c>.</summary>
    SetGlobal = 2,

    /// <summary><c>define(id, name, module, source)</c>: installs a host function's wrapper.</summary>
    Define = 3,

    /// <summary><c>delglobal(name)</c>.</summary>
    DeleteGlobal = 4,

    /// <summary><c>callfunction(name, payload)</c>: calls a global callable, reporting its result.</summary>
    CallFunction = 5,

    /// <summary><c>gc.collect</c>, as the prelude found it before any user code ran: collects before a save (see <c>Interpreter.Canonicalize</c>).</summary>
    Collect = 6,
}
