using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroPython.Sandbox.Mcp;

/// <summary>Adds the Python sandbox tools to an MCP server built with dependency injection.</summary>
public static class PythonSandboxMcpServerBuilderExtensions
{
    /// <summary>
    /// Adds the tools of a <see cref="PythonSandboxMcpTools"/> configured by <paramref name="configure"/> to the server: a
    /// one-shot <c>run_python</c> and a per-connection session <c>execute_python</c> (see <see cref="PythonSandboxMcpOptions"/>).
    /// They log through the container's <see cref="ILoggerFactory"/> and measure through its <see cref="IMeterFactory"/>
    /// when those are registered; the container disposes them, and with them every session.
    /// </summary>
    /// <param name="builder">The server builder, from <c>services.AddMcpServer()</c>.</param>
    /// <param name="configure">Configures the tools; null for the defaults.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IMcpServerBuilder WithPythonSandboxTools(this IMcpServerBuilder builder, Action<PythonSandboxMcpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new PythonSandboxMcpOptions();
        configure?.Invoke(options);
        // The tools exist before the container, for their names; the functions behind them (and their sessions) only
        // when the container first asks, so that they log through its factories.
        int count = (options.RunToolName is null ? 0 : 1) + (options.SessionToolName is null ? 0 : 1);
        builder.Services.AddSingleton(provider => new PythonSandboxMcpTools(options, provider.GetService<ILoggerFactory>(), provider.GetService<IMeterFactory>()));
        for (int i = 0; i < count; i++)
        {
            int index = i;
            builder.Services.AddSingleton(provider => provider.GetRequiredService<PythonSandboxMcpTools>().Tools[index]);
        }
        return builder;
    }
}
