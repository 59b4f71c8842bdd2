using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MicroPython.Sandbox.Extensions.AI;

/// <summary>Registers the Python tool with dependency injection.</summary>
public static class PythonSandboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="PythonSandboxFunction"/> configured by <paramref name="configure"/> (and any other
    /// configuration of <see cref="PythonToolOptions"/>), logging through the container's <see cref="ILoggerFactory"/> and
    /// measuring through its <see cref="IMeterFactory"/> when they are registered. The container disposes it, and with it
    /// every session.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the tool; null for the defaults.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddPythonSandbox(this IServiceCollection services, Action<PythonToolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PythonToolOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton(static provider => new PythonSandboxFunction(
            provider.GetRequiredService<IOptions<PythonToolOptions>>().Value,
            provider.GetService<ILoggerFactory>(),
            provider.GetService<IMeterFactory>(),
            provider.GetService<TimeProvider>()));
        return services;
    }
}
