using System.CommandLine;
using System.Reflection;
using MicroPython.Sandbox.Mcp;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace MicroPython.Sandbox.Cli;

/// <summary>
/// <c>mpsandbox mcp</c>: serves the Python tools of <see cref="PythonSandboxMcpTools"/> to one MCP client over standard
/// input and output until the client closes the connection. Standard output carries only protocol messages; problems
/// with the command line go to standard error before the server starts.
/// </summary>
internal static class McpCommand
{
    /// <summary>True when the command line asks for the MCP server (its first word is <c>mcp</c>).</summary>
    public static bool IsRequested(string[] args) => args is ["mcp", ..];

    public static async Task<int> InvokeAsync(SandboxRuntime runtime, string[] args)
    {
        var cli = new CliOptions();
        var mcp = cli.CreateMcpCommand();
        mcp.SetAction((parse, cancellationToken) => ServeAsync(runtime, cli, parse, cancellationToken));
        var root = new RootCommand("Run Python in a MicroPython WebAssembly sandbox with hard limits.") { mcp };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0) return ConsoleReport.Usage(parsed.Errors[0].Message);
        return await parsed.InvokeAsync();
    }

    private static async Task<int> ServeAsync(SandboxRuntime runtime, CliOptions cli, ParseResult parse, CancellationToken cancellationToken)
    {
        if (RunCommand.CheckLimits(cli, parse) is { } problem) return ConsoleReport.Usage(problem);
        var defaults = new SandboxOptions();
        var sandbox = new SandboxOptions
        {
            MemoryLimit = parse.GetValue(cli.Memory) ?? defaults.MemoryLimit,
            MaxOutputBytes = parse.GetValue(cli.MaxOutput) ?? defaults.MaxOutputBytes,
            Timeout = parse.GetValue(cli.Timeout) ?? defaults.Timeout,
            Fuel = parse.GetValue(cli.Fuel),
        };
        if (RunCommand.AddNetwork(cli, parse, sandbox) is { } networkProblem) return ConsoleReport.Usage(networkProblem);
        if (RunCommand.AddFileSystem(cli, parse, sandbox) is { } fileSystemProblem) return ConsoleReport.Usage(fileSystemProblem);

        await using var tools = new PythonSandboxMcpTools(new PythonSandboxMcpOptions { Sandbox = sandbox, Runtime = runtime });
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation
            {
                Name = "mpsandbox",
                Version = typeof(McpCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
            },
            ToolCollection = [.. tools.Tools],
        };
        await using var transport = new StdioServerTransport(options);
        await using var server = McpServer.Create(transport, options);
        try
        {
            await server.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or a termination signal: the client went away or the user stopped the server.
        }
        return ExitCodes.Success;
    }
}
