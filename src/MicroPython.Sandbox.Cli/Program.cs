using System.CommandLine;
using MicroPython.Sandbox;
using MicroPython.Sandbox.Cli;

var runtime = PrepareRuntime(args);
if (McpCommand.IsRequested(args)) return await McpCommand.InvokeAsync(runtime, args);

var cli = new CliOptions();
var root = cli.CreateRootCommand();
var split = cli.Split(root, args);
if (split.UnknownOption is { } unknown) return ConsoleReport.Usage($"unknown option '{unknown}'.");
var command = new RunCommand(runtime, cli, split);
root.SetAction((parse, _) => command.InvokeAsync(parse));

var parsed = root.Parse(split.Own);
if (parsed.Errors.Count > 0) return ConsoleReport.Usage(parsed.Errors[0].Message);
// Ctrl+C is the command's own business (Interrupts): it stops the run in progress, not the whole command.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

// The command's runtime and its warm-up, kept together.
static SandboxRuntime PrepareRuntime(string[] args)
{
    // One command runs one program: the pooling allocator, which makes many sandboxes cheap, would only add its set-up
    // (a few milliseconds) to every start. MPSANDBOX_CACHE_DIR, when set, chooses the folder for compiled code.
    // The MCP server is the exception: it runs many programs, so it keeps the library's pool.
    var runtime = new SandboxRuntime(new SandboxRuntimeOptions
    {
        PoolSize = McpCommand.IsRequested(args) ? new SandboxRuntimeOptions().PoolSize : 0,
        CacheDirectory = Environment.GetEnvironmentVariable("MPSANDBOX_CACHE_DIR") is { Length: > 0 } cacheDirectory
            ? cacheDirectory
            : SandboxRuntimeOptions.DefaultCacheDirectory,
    });

    // Loading the interpreter and preparing a first sandbox do not depend on the command line: an empty run on a second
    // core overlaps them with parsing, and the real run then finds the engine loaded and its code paths compiled. A
    // failure there surfaces again, and is reported, in the real run. Metered runs use another engine: no warm-up.
    if (!args.Any(a => a.StartsWith("--fuel", StringComparison.Ordinal)))
        _ = Task.Run(() => runtime.Run("", new SandboxOptions { MemoryLimit = CliOptions.DefaultMemory }));
    return runtime;
}
