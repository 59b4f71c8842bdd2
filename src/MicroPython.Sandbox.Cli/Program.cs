using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using MicroPython.Sandbox;
using MicroPython.Sandbox.Cli;

// One command runs one program: the pooling allocator, which makes many sandboxes cheap, would only add its set-up
// (a few milliseconds) to every start. MPSANDBOX_CACHE_DIR, when set, chooses the folder for compiled code.
var runtime = new SandboxRuntime(new SandboxRuntimeOptions
{
    PoolSize = 0,
    CacheDirectory = Environment.GetEnvironmentVariable("MPSANDBOX_CACHE_DIR") is { Length: > 0 } cacheDirectory
        ? cacheDirectory
        : SandboxRuntimeOptions.DefaultCacheDirectory,
});

// Loading the interpreter and preparing a first sandbox do not depend on the command line: an empty run on a second
// core overlaps them with parsing, and the real run then finds the engine loaded and its code paths compiled. A
// failure there surfaces again, and is reported, in the real run. Metered runs use another engine: no warm-up.
if (!args.Any(a => a.StartsWith("--fuel", StringComparison.Ordinal)))
    _ = Task.Run(() => runtime.Run("", new SandboxOptions { MemoryLimit = 256L * 1024 * 1024 }));

var code = new Option<string?>("--command", "-c") { Description = "Program passed in as a string." };
// The command's defaults are looser than the library's: 256 MiB (garbage is collected during a run, so
// allocation-heavy scripts need a few MiB; this leaves room for large live data) and a generous time limit.
var memory = SizeOption("--memory", "Memory limit, e.g. 64MB, 512K, 1GiB (default 256MiB).", 256L * 1024 * 1024);
var maxOutput = SizeOption("--max-output", "Limit on stdout plus stderr, e.g. 1MB (default none: output streams to the console).", long.MaxValue);
var timeout = new Option<TimeSpan>("--timeout")
{
    Description = "Wall-clock limit, e.g. 5s, 250ms, 2m; 'none' for no limit (default 60s).",
    DefaultValueFactory = _ => TimeSpan.FromSeconds(60),
    CustomParser = r => Quantities.TryParseDuration(r.Tokens[^1].Value, out var d) ? d : Fail<TimeSpan>(r, $"'{r.Tokens[^1].Value}' is not a duration (try 5s or 250ms)."),
};
var fuel = new Option<ulong?>("--fuel") { Description = "Deterministic instruction budget (slower; off by default)." };
var json = new Option<bool>("--json") { Description = "Print the run result as JSON on stdout." };
var mounts = new Option<string[]>("--mount")
{
    Description = "Mount a host directory: HOST:GUEST[:rw] (read-only unless :rw). Repeatable.",
    AllowMultipleArgumentsPerToken = false,
};
var files = new Option<string[]>("--file") { Description = "Provide a read-only file: GUEST=HOST. Repeatable." };
var file = new Argument<string?>("file") { Description = "Python file to run, or - for standard input.", Arity = ArgumentArity.ZeroOrOne };

var root = new RootCommand("Run Python in a MicroPython WebAssembly sandbox with hard limits.") { code, memory, maxOutput, timeout, fuel, json, mounts, files, file };
root.SetAction(async (parse, cancellation) =>
{
    bool asJson = parse.GetValue(json);
    using var stdout = Console.OpenStandardOutput();
    using var stderr = Console.OpenStandardError();
    using var stdin = Console.OpenStandardInput();
    var options = new SandboxOptions
    {
        // Output streams to the console as the code writes it, except for --json, which reports it whole.
        StandardOutput = asJson ? null : stdout,
        StandardError = asJson ? null : stderr,
        MemoryLimit = parse.GetValue(memory),
        MaxOutputBytes = parse.GetValue(maxOutput),
        Timeout = parse.GetValue(timeout),
        Fuel = parse.GetValue(fuel),
    };
    try
    {
        foreach (var spec in parse.GetValue(mounts) ?? [])
        {
            if (!FileSystemArguments.TryParseMount(spec, out var host, out var guest, out bool writable))
                return Usage($"'--mount {spec}' is not HOST:GUEST[:rw] with an absolute GUEST path.");
            options.Mounts.Add(host, guest, writable);
        }
        foreach (var spec in parse.GetValue(files) ?? [])
        {
            if (!FileSystemArguments.TryParseFile(spec, out var guest, out var host))
                return Usage($"'--file {spec}' is not GUEST=HOST.");
            using var stream = File.OpenRead(host);
            options.Files.Add(guest, stream);
        }
        options.Validate();
    }
    catch (ArgumentException e)
    {
        return Usage(e.Message.Split(" (Parameter")[0]);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        return Usage(e.Message);
    }

    byte[] source;
    string? inline = parse.GetValue(code);
    string? path = parse.GetValue(file);
    if (path is ['-', _, ..]) return Usage($"unknown option '{path}'.");
    if (inline is not null && path is not null) return Usage("give either -c CODE or a FILE, not both.");
    if (inline is not null) source = Encoding.UTF8.GetBytes(inline);
    else if (path is null) return Usage("nothing to run: give -c CODE, a FILE, or - for standard input.");
    else
    {
        try
        {
            if (path == "-")
            {
                using var buffer = new MemoryStream();
                await stdin.CopyToAsync(buffer, cancellation);
                source = buffer.ToArray();
            }
            else
            {
                source = await File.ReadAllBytesAsync(path, cancellation);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Usage($"cannot read '{path}': {e.Message}");
        }
    }

    // input() reads the console's standard input, unless the program itself came from there.
    if (path != "-") options.StandardInput = stdin;
    var result = await Task.Run(() => runtime.Run(source, options, cancellation), CancellationToken.None);
    Report(result, asJson, stdout, stderr);
    return ExitCodes.For(result);
});

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0) return Usage(parsed.Errors[0].Message);
return await parsed.InvokeAsync();

static void Report(RunResult result, bool asJson, Stream stdout, Stream stderr)
{
    if (asJson)
    {
        stdout.Write(Encoding.UTF8.GetBytes(JsonReport.Format(result) + "\n"));
        return;
    }
    stdout.Write(Encoding.UTF8.GetBytes(result.Stdout));
    var err = new StringBuilder(result.Stderr);
    // The traceback is printed as the official MicroPython WebAssembly CLI prints it (followed by a blank line).
    if (result.Error is { } error && result.Status != RunStatus.Completed) err.Append(error.Traceback).Append('\n');
    if (result.Status is not (RunStatus.Completed or RunStatus.PythonError) && result.Message is { } message) err.Append("mpsandbox: ").Append(message).Append('\n');
    stderr.Write(Encoding.UTF8.GetBytes(err.ToString()));
}

static int Usage(string message)
{
    Console.Error.WriteLine($"mpsandbox: {message.TrimEnd('.')} (see mpsandbox --help)");
    return ExitCodes.Usage;
}

static T Fail<T>(ArgumentResult result, string message)
{
    result.AddError(message);
    return default!;
}

static Option<long> SizeOption(string name, string description, long defaultValue) => new(name)
{
    Description = description,
    DefaultValueFactory = _ => defaultValue,
    CustomParser = r => Quantities.TryParseSize(r.Tokens[^1].Value, out long v) ? v : Fail<long>(r, $"'{r.Tokens[^1].Value}' is not a size (try 64MB or 512K)."),
};
