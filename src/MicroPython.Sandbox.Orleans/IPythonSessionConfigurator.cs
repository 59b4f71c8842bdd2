namespace MicroPython.Sandbox.Orleans;

/// <summary>
/// Prepares each Python session a session grain starts, restores or receives by a fork, before its first run: defines
/// its host functions (<see cref="PythonSession.DefineFunction(string, Delegate)"/>, <see cref="PythonSession.DefineModule"/>)
/// from the silo's services. Register implementations with
/// <see cref="PythonSessionsSiloBuilderExtensions.AddPythonSessionConfigurator{TConfigurator}"/> (or as
/// <see cref="IPythonSessionConfigurator"/> services); they run in registration order.
/// </summary>
public interface IPythonSessionConfigurator
{
    /// <summary>Prepares <paramref name="session"/>, the session of key <paramref name="sessionKey"/>.</summary>
    /// <param name="session">The session; it has not run anything since it was started, restored or forked.</param>
    /// <param name="sessionKey">The grain's key (a conversation id, say), for host functions that act on behalf of it.</param>
    void Configure(PythonSession session, string sessionKey);
}
