using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace MicroPython.Sandbox.Orleans.Tests;

/// <summary>
/// Grain storage in this process's memory, one store shared by every silo of the test cluster (so a grain reactivated
/// on another silo reads what the first one wrote) and open to the tests: they count writes and damage stored bytes.
/// States are kept serialized, as a real provider keeps them, so no object is shared between a silo and the store.
/// </summary>
internal sealed class SharedMemoryGrainStorage(SharedMemoryGrainStorage.Store store, Serializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (store.Entries.TryGetValue(Store.Key(stateName, grainId), out var entry))
        {
            grainState.State = serializer.Deserialize<T>(entry.Data);
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Store.Key(stateName, grainId);
        lock (store)
        {
            store.Entries.TryGetValue(key, out var current);
            if (current?.ETag != grainState.ETag) throw new InconsistentStateException($"ETag mismatch for {key}", current?.ETag, grainState.ETag);
            var etag = Guid.NewGuid().ToString("N");
            store.Entries[key] = new Store.Entry(serializer.SerializeToArray(grainState.State), etag, (current?.Writes ?? 0) + 1);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        store.Entries.TryRemove(Store.Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>The stored states by state name and grain id.</summary>
    internal sealed class Store
    {
        public ConcurrentDictionary<string, Entry> Entries { get; } = new();

        public static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";

        /// <summary>A serialized state, its ETag and how many times it has been written.</summary>
        public sealed record Entry(byte[] Data, string ETag, int Writes);
    }
}
