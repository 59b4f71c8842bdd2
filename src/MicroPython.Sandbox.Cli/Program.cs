using System.CommandLine;
using MicroPython.Sandbox;
using MicroPython.Sandbox.Cli;

PrepareRuntime(args);

var cli = new CliOptions();
var root = cli.CreateRootCommand();
var split = cli.Split(root, args);
if (split.UnknownOption is { } unknown) return ConsoleReport.Usage($"unknown option '{unknown}'.");
var command = new RunCommand(cli, split);
root.SetAction((parse, _) => command.InvokeAsync(parse));

var parsed = root.Parse(split.Own);
if (parsed.Errors.Count > 0) return ConsoleReport.Usage(parsed.Errors[0].Message);
// Ctrl+C is the command's own business (Interrupts): it stops the run in progress, not the whole command.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

// The engine's process-wide set-up and its warm-up, kept together so they can be replaced as one.
static void PrepareRuntime(string[] args)
{
    // One command runs one program: the pooling allocator, which makes many sandboxes cheap, would only add its set-up
    // (a few milliseconds) to every start. MPSANDBOX_POOL_SIZE set by the caller still wins.
    if (Environment.GetEnvironmentVariable("MPSANDBOX_POOL_SIZE") is null) Environment.SetEnvironmentVariable("MPSANDBOX_POOL_SIZE", "0");

    // Loading the interpreter and preparing a first sandbox do not depend on the command line: an empty run on a second
    // core overlaps them with parsing, and the real run then finds the engine loaded and its code paths compiled. A
    // failure there surfaces again, and is reported, in the real run. Metered runs use another engine: no warm-up.
    if (!args.Any(a => a.StartsWith("--fuel", StringComparison.Ordinal)))
        _ = Task.Run(() => PythonSandbox.Run("", new SandboxOptions { MemoryLimit = SandboxOptions.MaximumMemoryLimit }));
}
