using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MicroPython.Sandbox.AspNetCore;

/// <summary>Maps the Python sandbox endpoint.</summary>
public static class PythonSandboxEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c> to an endpoint that runs the Python of a JSON request
    /// (<c>{"code": "...", "input": any JSON, "function": "transform", "limits": {"timeoutMs": 500}}</c>) in a fresh
    /// sandbox and answers with the run's <see cref="RunReport"/> (the contract of <c>mpsandbox --json</c>) plus
    /// <c>result</c>, the function's return value as JSON (the code itself finds the input at <c>/input.json</c>).
    /// Nothing outlives the request, so any instance of the
    /// application can serve any request. Needs <see cref="PythonSandboxEndpointServiceCollectionExtensions.AddPythonSandboxEndpoint"/>
    /// and <c>app.UseRateLimiter()</c>.
    /// </summary>
    /// <param name="endpoints">The application or route group.</param>
    /// <param name="pattern">The route, for example <c>/python</c>.</param>
    /// <returns>The endpoint's builder, for more conventions (authorization, CORS, ...).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> or <paramref name="pattern"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><see cref="PythonSandboxEndpointServiceCollectionExtensions.AddPythonSandboxEndpoint"/> was not called.</exception>
    /// <exception cref="ArgumentException">A setting of <see cref="PythonSandboxEndpointOptions"/> is out of range.</exception>
    public static IEndpointConventionBuilder MapPythonSandbox(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        // Resolved now, so a missing registration or an out-of-range option fails at start-up, not on the first request.
        var endpoint = endpoints.ServiceProvider.GetService<PythonSandboxEndpoint>()
            ?? throw new InvalidOperationException("Call services.AddPythonSandboxEndpoint() before mapping the Python sandbox endpoint.");
        return endpoints.MapPost(pattern, endpoint.HandleAsync)
            .RequireRateLimiting(PythonSandboxEndpointOptions.RateLimiterPolicyName)
            .WithDisplayName("Python sandbox");
    }
}
