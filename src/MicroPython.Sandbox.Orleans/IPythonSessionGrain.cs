namespace MicroPython.Sandbox.Orleans;

/// <summary>
/// A Python session that lives in an Orleans cluster, one per key (a conversation, a notebook, a user): the guest's
/// globals, imports, objects and files stay from one call to the next, on whichever silo the grain is activated.
/// </summary>
/// <remarks>
/// <para>
/// The grain keeps its session's snapshot in the grain storage named by <see cref="PythonSessionOptions.StorageName"/>
/// and writes it after each call that changed the session, before the call returns: a silo that stops or fails
/// loses no completed run, and the next call, on any silo, restores the session from storage. A run that hits a limit
/// is rolled back and writes nothing.
/// </para>
/// <para>
/// Calls to one key are handled one at a time (a grain is single-threaded), so a session never sees two runs at once
/// and its stored snapshot is always that of the last completed call. Different keys run in parallel.
/// </para>
/// <para>
/// Limits and host functions are the silo's configuration (<see cref="PythonSessionsSiloBuilderExtensions.AddPythonSessions"/>),
/// not part of the state: a session restored on another silo gets that silo's host functions, by name.
/// </para>
/// </remarks>
public interface IPythonSessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs <paramref name="code"/> in the session. Python errors and limit hits are part of the report
    /// (<see cref="RunReport.Status"/>), not exceptions; a run that hits a limit is rolled back
    /// (<see cref="RunReport.RolledBack"/>) and leaves the stored session as it was.
    /// </summary>
    /// <param name="code">The Python source.</param>
    /// <param name="cancellationToken">Stops the run (it ends <c>cancelled</c> and rolled back) or the wait for the session.</param>
    /// <returns>The run's report, the same contract as <c>mpsandbox --json</c> and the agent tools.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="PythonSessionStateException">The stored snapshot could not be restored; <see cref="ResetAsync"/> starts the session afresh.</exception>
    Task<RunReport> RunAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Forgets the session: the stored snapshot is cleared and the next run starts in a fresh interpreter.</summary>
    /// <param name="cancellationToken">Stops waiting for the storage.</param>
    /// <returns>A task that completes when the stored snapshot is cleared.</returns>
    Task ResetAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies this session's current state to the session of <paramref name="newKey"/>, replacing whatever that held:
    /// from then on the two are independent. The copy is stored before this call returns.
    /// </summary>
    /// <param name="newKey">The key of the session that receives the copy; not this session's own key.</param>
    /// <param name="cancellationToken">Stops waiting for the copy.</param>
    /// <returns>A task that completes when the copy is stored.</returns>
    /// <exception cref="ArgumentException"><paramref name="newKey"/> is empty or this session's own key.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="newKey"/> is null.</exception>
    /// <exception cref="PythonSessionStateException">This session's stored snapshot could not be restored.</exception>
    Task ForkAsync(string newKey, CancellationToken cancellationToken = default);
}

/// <summary>The grain-to-grain half of <see cref="IPythonSessionGrain.ForkAsync"/>: the receiving session takes the snapshot.</summary>
internal interface IPythonSessionForkTarget : IGrainWithStringKey
{
    /// <summary>Replaces this session with the one <paramref name="snapshot"/> holds (null: a fresh session) and stores it.</summary>
    Task AcceptForkAsync(byte[]? snapshot, CancellationToken cancellationToken);
}
