namespace MicroPython.Sandbox.Cli;

/// <summary>
/// Turns Ctrl+C into the cancellation of the run in progress: the run stops with <see cref="RunStatus.Cancelled"/>
/// (a session rolls it back) and the command decides what comes next. With no run in progress Ctrl+C ends the
/// process as usual.
/// </summary>
internal sealed class Interrupts : IDisposable
{
    private CancellationTokenSource? _current;

    public Interrupts() => Console.CancelKeyPress += OnCancelKeyPress;

    /// <summary>Starts a run that Ctrl+C stops; end it with <see cref="End"/>.</summary>
    public CancellationToken Begin()
    {
        var source = new CancellationTokenSource();
        Volatile.Write(ref _current, source);
        return source.Token;
    }

    public void End() => Interlocked.Exchange(ref _current, null)?.Dispose();

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        End();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (Volatile.Read(ref _current) is not { } run) return;
        e.Cancel = true;
        try
        {
            run.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended as the key was pressed: nothing left to stop.
        }
    }
}
