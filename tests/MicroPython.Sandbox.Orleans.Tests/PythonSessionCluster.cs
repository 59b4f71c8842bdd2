using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace MicroPython.Sandbox.Orleans.Tests;

/// <summary>
/// Two silos of Orleans' in-process test cluster with Python session grains: sessions of 32 MiB, host functions from
/// the silos' services, snapshots in <see cref="SharedMemoryGrainStorage"/>. Shared by the tests (each uses keys of
/// its own), because starting a cluster takes seconds.
/// </summary>
public sealed class PythonSessionCluster : IAsyncLifetime
{
    internal const long MemoryLimit = 32 * 1024 * 1024;
    internal const int MaxSourceBytes = 64 * 1024;

    private InProcessTestCluster? _cluster;

    internal SharedMemoryGrainStorage.Store Storage { get; } = new();

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddPythonSessions(options =>
            {
                options.Sandbox.MemoryLimit = MemoryLimit;
                options.Sandbox.Timeout = TimeSpan.FromSeconds(20);
                options.Sandbox.MaxSourceBytes = MaxSourceBytes;
                options.ConfigureSession = (session, services) =>
                    session.DefineFunction("silo_name", () => services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString());
            });
            silo.AddPythonSessionConfigurator<GreetingConfigurator>();
            silo.Services.AddSingleton(new Greeter("Hello"));
            silo.Services.AddKeyedSingleton<IGrainStorage>(PythonSessionOptions.DefaultStorageName,
                (services, _) => new SharedMemoryGrainStorage(Storage, services.GetRequiredService<Serializer>()));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        // Until both silos see each other, a placement hint naming the other one may be ignored.
        await _cluster.WaitForLivenessToStabilizeAsync();
        await _cluster.WaitForClusterManifestToStabilizeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    public IPythonSessionGrain Session(string key) => Client.GetGrain<IPythonSessionGrain>(key);

    /// <summary>The silo where <paramref name="grain"/> is active, or null when it is not active anywhere.</summary>
    public SiloAddress? SiloOf(IPythonSessionGrain grain) =>
        Cluster.TryGetGrainContext(grain.GetGrainId(), out var context) ? context.Address.SiloAddress : null;

    /// <summary>The other silo of the two.</summary>
    public SiloAddress OtherThan(SiloAddress silo) => Cluster.Silos.Select(s => s.SiloAddress).Single(s => !s.Equals(silo));

    /// <summary>Deactivates <paramref name="grain"/> and waits until it is gone.</summary>
    public async Task DeactivateAsync(IPythonSessionGrain grain)
    {
        await Cluster.DeactivateAsync(grain);
        Assert.Null(SiloOf(grain));
    }

    /// <summary>
    /// Stops the secondary silo with <paramref name="grain"/> active on it (moving the grain there first when it is on
    /// the primary), runs <paramref name="whileStopped"/> while the primary is the only silo, and then starts a new
    /// secondary in its place for the tests that follow. The replacement starts only afterwards so that the grain's
    /// next activation can only be on the primary.
    /// </summary>
    /// <returns>The stopped silo's address.</returns>
    public async Task<SiloAddress> WithSiloOfStoppedAsync(IPythonSessionGrain grain, Func<Task> whileStopped)
    {
        var primary = Cluster.Silos[0];
        var secondary = Cluster.Silos[1];
        if (!secondary.SiloAddress.Equals(SiloOf(grain))) await Cluster.MigrateAsync(grain, secondary.SiloAddress);
        Assert.Equal(secondary.SiloAddress, SiloOf(grain));
        Assert.NotEqual(primary, secondary);
        await Cluster.StopSiloAsync(secondary);
        try
        {
            await Cluster.WaitForLivenessToStabilizeAsync();
            Assert.Null(SiloOf(grain));
            await whileStopped();
        }
        finally
        {
            await Cluster.StartAdditionalSiloAsync();
            await Cluster.WaitForLivenessToStabilizeAsync();
            await Cluster.WaitForClusterManifestToStabilizeAsync();
        }

        return secondary.SiloAddress;
    }

    /// <summary>The stored entry of the session of <paramref name="key"/>, or null when nothing is stored.</summary>
    internal SharedMemoryGrainStorage.Store.Entry? Stored(string key) =>
        Storage.Entries.Where(e => e.Key.EndsWith("/" + GrainIdOf(key), StringComparison.Ordinal)).Select(e => e.Value).SingleOrDefault();

    internal GrainId GrainIdOf(string key) => Session(key).GetGrainId();

    internal Serializer Serializer => Client.ServiceProvider.GetRequiredService<Serializer>();
}

/// <summary>A service of the silo that a host function uses.</summary>
public sealed record Greeter(string Greeting)
{
    public string Greet(string name) => $"{Greeting}, {name}";
}

/// <summary>Defines <c>greet(name)</c> and <c>session_key()</c> from the silo's services.</summary>
internal sealed class GreetingConfigurator(Greeter greeter) : IPythonSessionConfigurator
{
    public void Configure(PythonSession session, string sessionKey)
    {
        session.DefineFunction("greet", (string name) => greeter.Greet(name));
        session.DefineFunction("session_key", () => sessionKey);
    }
}
