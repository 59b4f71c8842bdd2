using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MicroPython.Sandbox.Orleans;

/// <summary>
/// The grain behind <see cref="IPythonSessionGrain"/>: one <see cref="PythonSession"/> per activation, restored lazily
/// from grain storage on the first call and written back after every call that changed it.
/// </summary>
/// <remarks>
/// Why save after each run rather than on deactivation: deactivation does not run when a silo fails, and a run the
/// caller saw complete must not be lost with it. The cost is one snapshot per changing run (about a millisecond and
/// 100 KiB compressed for a small session; see docs/sessions-and-host-bridge.md), and a write is skipped when the
/// snapshot's bytes are those already stored. That is what makes a run that only read the session (<c>print(x)</c>)
/// cost no write: a snapshot holds no trace of the runs that led to its state (the library collects garbage and clears
/// what runs leave behind before saving), so equal states give equal bytes, and any change to the state (a global, an
/// object, a file, a function, an interned name) gives other bytes. A run that was rolled back (a limit, a
/// cancellation, a trap) or never started (source too large) cannot have changed the session and is not saved.
/// </remarks>
[GrainType("mpsandbox-python-session")]
internal sealed partial class PythonSessionGrain : Grain, IPythonSessionGrain, IPythonSessionForkTarget
{
    private readonly IPersistentState<PythonSessionState> _state;
    private readonly PythonSessionOptions _options;
    private readonly SandboxRuntime _runtime;
    private readonly IServiceProvider _services;
    private readonly ILogger<PythonSessionGrain> _logger;
    private PythonSession? _session;

    public PythonSessionGrain(
        IGrainContext context,
        IPersistentStateFactory stateFactory,
        IOptions<PythonSessionOptions> options,
        IServiceProvider services,
        ILogger<PythonSessionGrain> logger)
    {
        _options = options.Value;
        // The storage name is configuration, so the state is made here rather than by a [PersistentState] attribute,
        // whose name is fixed at compile time. The factory hooks it into the activation: it is read before the first call.
        _state = stateFactory.Create<PythonSessionState>(context, new StateConfiguration("session", _options.StorageName));
        _runtime = services.GetService<SandboxRuntime>() ?? SandboxRuntime.Shared;
        _services = services;
        _logger = logger;
    }

    private string Key => this.GetPrimaryKeyString();

    public async Task<RunReport> RunAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var session = await GetSessionAsync(cancellationToken);
        var result = await session.RunAsync(code, cancellationToken);
        if (!result.RolledBack && result.Status != RunStatus.SourceTooLarge) await SaveAsync(session, cancellationToken);
        return RunReport.From(result);
    }

    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await DropSessionAsync();
        await _state.ClearStateAsync(cancellationToken);
        _state.State = new PythonSessionState();
    }

    public async Task ForkAsync(string newKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(newKey);
        // A grain waits for its own calls: forking onto itself would wait for ever.
        if (string.Equals(newKey, Key, StringComparison.Ordinal)) throw new ArgumentException("A session cannot be forked onto its own key.", nameof(newKey));
        // Restoring first means a snapshot that cannot be restored is reported here, not copied on. What is stored is
        // the session's state: every change was saved when the call that made it returned.
        await GetSessionAsync(cancellationToken);
        var target = GrainFactory.GetGrain<IPythonSessionForkTarget>(newKey);
        await target.AcceptForkAsync(_state.State.Snapshot, cancellationToken);
    }

    public async Task AcceptForkAsync(byte[]? snapshot, CancellationToken cancellationToken)
    {
        await DropSessionAsync();
        var session = snapshot is null ? null : await RestoreAsync(snapshot, cancellationToken);
        try
        {
            _state.State = new PythonSessionState { Snapshot = snapshot };
            if (snapshot is null) await _state.ClearStateAsync(cancellationToken);
            else await _state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            if (session is not null) await session.DisposeAsync();
            throw;
        }
        _session = session;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Nothing to write: every change was stored when the call that made it returned.
        await DropSessionAsync();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async ValueTask<PythonSession> GetSessionAsync(CancellationToken cancellationToken)
    {
        if (_session is not null) return _session;
        _session = _state.State.Snapshot is { } snapshot
            ? await RestoreAsync(snapshot, cancellationToken)
            : Configure(new PythonSession(_runtime, _options.Sandbox));
        return _session;
    }

    private async Task<PythonSession> RestoreAsync(byte[] snapshot, CancellationToken cancellationToken)
    {
        PythonSession session;
        try
        {
            using var stream = new MemoryStream(snapshot, writable: false);
            session = await PythonSession.RestoreAsync(_runtime, stream, _options.Sandbox, cancellationToken);
        }
        catch (SessionSnapshotException e)
        {
            // The cause stays in the silo's log: the exception sent to the caller carries only what it can act on.
            LogRestoreFailed(e, Key, e.Reason, snapshot.Length);
            throw new PythonSessionStateException(e.Reason,
                $"The stored Python session '{Key}' could not be restored ({e.Reason}): {e.Message} Reset the session to start it afresh.");
        }
        return Configure(session);
    }

    private PythonSession Configure(PythonSession session)
    {
        try
        {
            foreach (var configurator in _services.GetServices<IPythonSessionConfigurator>()) configurator.Configure(session, Key);
            _options.ConfigureSession?.Invoke(session, _services);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private async Task SaveAsync(PythonSession session, CancellationToken cancellationToken)
    {
        byte[] snapshot;
        using (var buffer = new MemoryStream())
        {
            await session.SaveAsync(buffer, cancellationToken);
            snapshot = buffer.ToArray();
        }
        // A run that only read (print(x)) leaves the same bytes (equal states save equally): storage is not written for
        // nothing. Comparing the bytes themselves cannot miss a change.
        if (_state.State.Snapshot is { } stored && stored.AsSpan().SequenceEqual(snapshot)) return;
        var previous = _state.State.Snapshot;
        _state.State.Snapshot = snapshot;
        try
        {
            await _state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            // The session in memory is now ahead of storage. Dropping it keeps the two equal: the next call restores
            // what storage holds, and the caller, who got this exception, knows the run was not kept.
            _state.State.Snapshot = previous;
            await DropSessionAsync();
            throw;
        }
    }

    private async ValueTask DropSessionAsync()
    {
        if (_session is { } session)
        {
            _session = null;
            await session.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The stored Python session {SessionKey} could not be restored ({Reason}, {Bytes} bytes)")]
    private partial void LogRestoreFailed(Exception exception, string sessionKey, SessionSnapshotError reason, int bytes);

    private sealed class StateConfiguration(string stateName, string storageName) : IPersistentStateConfiguration
    {
        public string StateName { get; } = stateName;

        public string StorageName { get; } = storageName;
    }
}
