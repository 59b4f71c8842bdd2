using System.CommandLine;
using System.Text;

namespace MicroPython.Sandbox.Cli;

/// <summary>
/// What <c>mpsandbox</c> does once its command line is parsed: checks the values in the user's terms, then runs
/// the program (from -c, a file or standard input) once, or starts the interactive session.
/// </summary>
/// <param name="runtime">The runtime the program or the interactive session runs on.</param>
/// <param name="cli">The option definitions.</param>
/// <param name="commandLine">The command line, split where the program starts.</param>
internal sealed class RunCommand(SandboxRuntime runtime, CliOptions cli, CommandLineSplit commandLine)
{
    public async Task<int> InvokeAsync(ParseResult parse)
    {
        if (CheckLimits(cli, parse) is { } problem) return ConsoleReport.Usage(problem);

        bool asJson = parse.GetValue(cli.Json);
        string? inline = parse.GetValue(cli.Command);
        string? path = parse.GetValue(cli.Script);
        bool interactive = inline is null && path is null;
        if (interactive && Console.IsInputRedirected)
            return ConsoleReport.Usage("nothing to run: give -c CODE, a FILE, or - for standard input.");
        if (interactive && asJson) return ConsoleReport.Usage("--json reports one program's run: give -c CODE, a FILE, or - for standard input.");

        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        using var stdin = Console.OpenStandardInput();
        var options = new SandboxOptions
        {
            // Output streams to the console as the code writes it, except for --json, which reports it whole.
            StandardOutput = asJson ? null : stdout,
            StandardError = asJson ? null : stderr,
            MemoryLimit = parse.GetValue(cli.Memory) ?? CliOptions.DefaultMemory,
            MaxOutputBytes = parse.GetValue(cli.MaxOutput) ?? Quantities.Unlimited,
            Timeout = parse.GetValue(cli.Timeout) ?? CliOptions.DefaultTimeout,
            Fuel = parse.GetValue(cli.Fuel),
            // input() reads the console's standard input, unless the program itself came from there.
            StandardInput = path == "-" ? null : stdin,
        };
        if (AddNetwork(cli, parse, options) is { } networkProblem) return ConsoleReport.Usage(networkProblem);
        if (AddFileSystem(cli, parse, options) is { } fileSystemProblem) return ConsoleReport.Usage(fileSystemProblem);

        using var interrupts = new Interrupts();
        if (interactive) return new Repl(runtime, options, interrupts).Run();

        byte[] source;
        string sourceName;
        if (inline is not null)
        {
            source = Encoding.UTF8.GetBytes(inline);
            // As CPython names them: sys.argv[0] is '-c' and the traceback's frames are "<string>".
            (sourceName, path) = ("<string>", "-c");
        }
        else
        {
            try
            {
                if (path == "-")
                {
                    using var buffer = new MemoryStream();
                    await stdin.CopyToAsync(buffer);
                    source = buffer.ToArray();
                    sourceName = "<stdin>";
                }
                else
                {
                    source = await File.ReadAllBytesAsync(path!);
                    sourceName = path!;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return ConsoleReport.Usage($"cannot read '{path}': {e.Message}");
            }
        }

        var runOptions = new RunOptions
        {
            SourceName = TracebackName(sourceName),
            Arguments = [path!, .. commandLine.Program],
        };
        var cancellation = interrupts.Begin();
        RunResult result;
        try
        {
            result = await Task.Run(() => runtime.Run(source, options, runOptions, cancellation), CancellationToken.None);
        }
        finally
        {
            interrupts.End();
        }
        ConsoleReport.Write(result, asJson, stdout, stderr);
        return ExitCodes.For(result);
    }

    /// <summary>
    /// The limits checked here, in the units and names the user typed, before the library sees them: its own
    /// messages speak of properties and bytes (MemoryLimit, 2097152), which mean nothing on a command line.
    /// </summary>
    internal static string? CheckLimits(CliOptions cli, ParseResult parse)
    {
        if (parse.GetValue(cli.Memory) is < SandboxOptions.MinimumMemoryLimit or > SandboxOptions.MaximumMemoryLimit)
            return $"'--memory {parse.GetResult(cli.Memory)!.Tokens[^1].Value}' is out of range: the memory limit must be between {Quantities.FormatSize(SandboxOptions.MinimumMemoryLimit)} and {Quantities.FormatSize(SandboxOptions.MaximumMemoryLimit)}.";
        if (parse.GetValue(cli.Fuel) == 0) return "--fuel must be a positive number of instructions.";
        return null;
    }

    /// <summary>Adds the --allow-net origins to <paramref name="options"/>; the problem with them, if any.</summary>
    internal static string? AddNetwork(CliOptions cli, ParseResult parse, SandboxOptions options)
    {
        foreach (var origin in parse.GetValue(cli.AllowNet) ?? [])
        {
            options.Network.AllowedOrigins.Add(origin);
            try
            {
                // The library's own parser decides what an origin is; its message is for code, this one for the user.
                var probe = new SandboxOptions();
                probe.Network.AllowedOrigins.Add(origin);
                probe.Validate();
            }
            catch (ArgumentException)
            {
                return $"'--allow-net {origin}' is not an origin: use scheme://host[:port][/path] with scheme http or https.";
            }
        }
        options.Network.AllowPrivateAddresses = parse.GetValue(cli.AllowPrivateNet);
        return null;
    }

    /// <summary>Adds the --mount and --file arguments to <paramref name="options"/>; the problem with them, if any.</summary>
    internal static string? AddFileSystem(CliOptions cli, ParseResult parse, SandboxOptions options)
    {
        string current = "";
        try
        {
            foreach (var spec in parse.GetValue(cli.Mounts) ?? [])
            {
                current = $"--mount {spec}";
                if (!FileSystemArguments.TryParseMount(spec, out var host, out var guest, out bool writable))
                    return $"'{current}' is not HOST:GUEST[:rw] with an absolute GUEST path.";
                if (!Directory.Exists(host)) return $"'{current}': the host directory '{host}' does not exist.";
                options.Mounts.Add(host, guest, writable);
            }
            foreach (var spec in parse.GetValue(cli.Files) ?? [])
            {
                current = $"--file {spec}";
                if (!FileSystemArguments.TryParseFile(spec, out var guest, out var host))
                    return $"'{current}' is not GUEST=HOST with an absolute GUEST path.";
                using var stream = File.OpenRead(host);
                options.Files.Add(guest, stream);
            }
            current = "--mount/--file";
            // Files and mounts that overlap are only found once they are all known.
            options.Validate();
            return null;
        }
        catch (ArgumentException e)
        {
            // Guest paths (absolute, no '..', no overlaps) are the library's rules; its message names the path.
            string reason = WithoutParameterName(e);
            return $"'{current}': {char.ToLowerInvariant(reason[0])}{reason[1..]}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"'{current}': {e.Message}";
        }
    }

    /// <summary>
    /// An <see cref="ArgumentException"/>'s own text, without the " (Parameter 'name')" the framework appends: the
    /// suffix is built the way the framework builds it, so this holds in any language the runtime speaks.
    /// </summary>
    private static string WithoutParameterName(ArgumentException e)
    {
        if (e.ParamName is null) return e.Message;
        string suffix = new ArgumentException("", e.ParamName).Message;
        return e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }

    /// <summary>The name tracebacks show: the path as typed, with the characters a traceback line cannot hold replaced.</summary>
    private static string TracebackName(string name)
    {
        var clean = new StringBuilder(name.Length);
        foreach (char c in name) clean.Append(c is '"' or '\n' or '\0' ? '?' : c);
        return clean.ToString();
    }
}
