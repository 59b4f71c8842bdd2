using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MicroPython.Sandbox.AspNetCore;

/// <summary>Registers the Python sandbox endpoint's services.</summary>
public static class PythonSandboxEndpointServiceCollectionExtensions
{
    /// <summary>
    /// Registers what <see cref="PythonSandboxEndpointRouteBuilderExtensions.MapPythonSandbox"/> needs: the endpoint
    /// configured by <paramref name="configure"/> (and any other configuration of <see cref="PythonSandboxEndpointOptions"/>),
    /// and the rate limiting policy <see cref="PythonSandboxEndpointOptions.RateLimiterPolicyName"/> that bounds
    /// concurrent runs. Logs go through the container's <see cref="ILoggerFactory"/> and metrics through its
    /// <see cref="IMeterFactory"/> when they are registered. The application must also call <c>app.UseRateLimiter()</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the endpoint; null for the defaults.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddPythonSandboxEndpoint(this IServiceCollection services, Action<PythonSandboxEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PythonSandboxEndpointOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton(static provider => new PythonSandboxEndpoint(
            provider.GetRequiredService<IOptions<PythonSandboxEndpointOptions>>().Value,
            new PythonEndpointTelemetry(
                (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("MicroPython.Sandbox.AspNetCore.PythonSandboxEndpoint"),
                provider.GetService<IMeterFactory>())));
        services.AddRateLimiter(static limiter => limiter.AddPolicy<string, PythonSandboxConcurrencyPolicy>(PythonSandboxEndpointOptions.RateLimiterPolicyName));
        return services;
    }
}
