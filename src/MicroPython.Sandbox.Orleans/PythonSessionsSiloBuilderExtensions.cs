using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MicroPython.Sandbox.Orleans;

/// <summary>Adds Python session grains (<see cref="IPythonSessionGrain"/>) to a silo.</summary>
public static class PythonSessionsSiloBuilderExtensions
{
    /// <summary>
    /// Configures this silo's Python session grains: their limits, storage and host functions. The grain itself is
    /// found by Orleans with this package; what it needs from the silo is a grain storage provider named
    /// <see cref="PythonSessionOptions.StorageName"/> and, optionally, a <see cref="SandboxRuntime"/> service (the
    /// process-wide <see cref="SandboxRuntime.Shared"/> otherwise). Call it on every silo, with the same options.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets the options; null keeps the defaults.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ISiloBuilder AddPythonSessions(this ISiloBuilder builder, Action<PythonSessionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<PythonSessionOptions>();
        if (configure is not null) options.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Registers <typeparamref name="TConfigurator"/> (a singleton made with the silo's services) to prepare every Python
    /// session a session grain starts, restores or receives by a fork: typically to define its host functions.
    /// </summary>
    /// <typeparam name="TConfigurator">The configurator.</typeparam>
    /// <param name="builder">The silo builder.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ISiloBuilder AddPythonSessionConfigurator<TConfigurator>(this ISiloBuilder builder)
        where TConfigurator : class, IPythonSessionConfigurator
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPythonSessionConfigurator, TConfigurator>());
        return builder;
    }
}
