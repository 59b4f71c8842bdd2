namespace MicroPython.Sandbox.Limits;

/// <summary>
/// Advances an engine's epoch at a fixed period while any run is active. Each running store has a
/// deadline one tick ahead and a callback that checks its wall-clock deadline and cancellation, so a
/// run notices a timeout or cancellation within one period. One ticker serves every store of an engine.
/// The thread parks when no run is active, and is a background thread so it never keeps a process alive.
/// </summary>
internal sealed class EpochTicker : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(5);

    private readonly Wasmtime.Engine _engine;
    private readonly object _gate = new();
    private int _active;
    private Thread? _thread;
    private bool _disposed;

    public EpochTicker(Wasmtime.Engine engine) => _engine = engine;

    /// <summary>Marks a run as active; dispose the result when the run ends.</summary>
    public Activation Enter()
    {
        lock (_gate)
        {
            _active++;
            if (_thread is null)
            {
                _thread = new Thread(Loop) { IsBackground = true, Name = "MicroPython.Sandbox epoch ticker" };
                _thread.Start();
            }
            else if (_active == 1)
            {
                Monitor.PulseAll(_gate);
            }
        }
        return new Activation(this);
    }

    private void Exit()
    {
        lock (_gate) _active--;
    }

    /// <summary>
    /// Lets the thread end once no run is active (it starts again if a run still enters, so a sandbox made before
    /// keeps its deadline), so that a disposed runtime leaves no thread behind.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Loop()
    {
        while (true)
        {
            lock (_gate)
            {
                while (_active == 0)
                {
                    if (_disposed)
                    {
                        _thread = null;
                        return;
                    }
                    Monitor.Wait(_gate);
                }
            }
            Thread.Sleep(Period);
            _engine.IncrementEpoch();
        }
    }

    public readonly struct Activation(EpochTicker owner) : IDisposable
    {
        public void Dispose() => owner.Exit();
    }
}
