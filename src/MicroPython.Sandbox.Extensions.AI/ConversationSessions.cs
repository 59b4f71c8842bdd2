namespace MicroPython.Sandbox.Extensions.AI;

/// <summary>
/// The resident sessions of a <see cref="PythonSandboxFunction"/>, one per conversation: at most a given number
/// (least recently used idle ones are evicted), each dropped after an idle time, all disposed with the store.
/// A session in use is never evicted, so a long run is not cut off by another conversation; the store may then
/// briefly hold more than its maximum.
/// </summary>
internal sealed class ConversationSessions
{
    internal sealed class Entry(string id, PythonSession session, ToolBridge? bridge)
    {
        public string Id { get; } = id;
        public PythonSession Session { get; } = session;
        public ToolBridge? Bridge { get; } = bridge;
        public int Busy { get; set; }
        public long LastUsed { get; set; }
        public LinkedListNode<Entry>? Node { get; set; }
    }

    private const int RememberedEvictions = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new(); // most recent first
    private readonly HashSet<string> _evicted = new(StringComparer.Ordinal);
    private readonly Queue<string> _evictedOrder = new();
    private readonly int _maxSessions;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _time;
    private readonly PythonToolTelemetry _telemetry;
    private bool _disposed;

    public ConversationSessions(int maxSessions, TimeSpan idleTimeout, TimeProvider time, PythonToolTelemetry telemetry)
    {
        _maxSessions = maxSessions;
        _idleTimeout = idleTimeout;
        _time = time;
        _telemetry = telemetry;
    }

    public int Count
    {
        get { lock (_lock) return _entries.Count; }
    }

    /// <summary>
    /// The conversation's session, marked busy until <see cref="Release"/>; null when it has none. <paramref name="wasEvicted"/>
    /// tells that it had one that the store dropped (the model should know its state is gone).
    /// </summary>
    public Entry? TryAcquire(string id, out bool wasEvicted, List<Entry> toDispose)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Sweep(toDispose);
            wasEvicted = _evicted.Contains(id);
            if (!_entries.TryGetValue(id, out var entry)) return null;
            entry.Busy++;
            Touch(entry);
            return entry;
        }
    }

    /// <summary>Adds a new session for its conversation, or returns the one another call added meanwhile (then <paramref name="entry"/> goes to <paramref name="toDispose"/>).</summary>
    public Entry Add(Entry entry, List<Entry> toDispose)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                toDispose.Add(entry);
                throw new ObjectDisposedException(nameof(PythonSandboxFunction));
            }
            if (_entries.TryGetValue(entry.Id, out var existing))
            {
                toDispose.Add(entry);
                existing.Busy++;
                Touch(existing);
                return existing;
            }
            _entries.Add(entry.Id, entry);
            entry.Busy = 1;
            entry.Node = _recency.AddFirst(entry);
            entry.LastUsed = _time.GetTimestamp();
            _evicted.Remove(entry.Id);
            _telemetry.SessionStarted(entry.Id);
            // Make room: the least recently used sessions that are not running go first.
            for (var node = _recency.Last; node is not null && _entries.Count > _maxSessions;)
            {
                var previous = node.Previous;
                if (node.Value.Busy == 0) Drop(node.Value, "evicted", toDispose);
                node = previous;
            }
            return entry;
        }
    }

    public void Release(Entry entry)
    {
        lock (_lock)
        {
            entry.Busy--;
            entry.LastUsed = _time.GetTimestamp();
        }
    }

    /// <summary>Removes the conversation's session (for a reset or when the caller ends the conversation).</summary>
    public bool Remove(string id, List<Entry> toDispose)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(id, out var entry)) return false;
            Drop(entry, "removed", toDispose);
            _evicted.Remove(id);
            return true;
        }
    }

    /// <summary>Drops sessions idle for longer than the idle timeout.</summary>
    public void Sweep(List<Entry> toDispose)
    {
        lock (_lock)
        {
            if (_idleTimeout == Timeout.InfiniteTimeSpan) return;
            for (var node = _recency.Last; node is not null;)
            {
                var previous = node.Previous;
                var entry = node.Value;
                if (entry.Busy == 0 && _time.GetElapsedTime(entry.LastUsed) > _idleTimeout) Drop(entry, "expired", toDispose);
                node = previous;
            }
        }
    }

    public void DisposeAll(List<Entry> toDispose)
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var entry in _entries.Values) toDispose.Add(entry);
            foreach (var entry in _entries.Values) _telemetry.SessionEnded(entry.Id, "disposed");
            _entries.Clear();
            _recency.Clear();
        }
    }

    private void Touch(Entry entry)
    {
        if (entry.Node is null) return;
        _recency.Remove(entry.Node);
        _recency.AddFirst(entry.Node);
    }

    private void Drop(Entry entry, string reason, List<Entry> toDispose)
    {
        _entries.Remove(entry.Id);
        if (entry.Node is not null) _recency.Remove(entry.Node);
        toDispose.Add(entry);
        if (reason != "removed" && _evicted.Add(entry.Id))
        {
            _evictedOrder.Enqueue(entry.Id);
            // Remember only the last evictions, so the note stays bounded too.
            while (_evictedOrder.Count > RememberedEvictions) _evicted.Remove(_evictedOrder.Dequeue());
        }
        _telemetry.SessionEnded(entry.Id, reason);
    }
}
