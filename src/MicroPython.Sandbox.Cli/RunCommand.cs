using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
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

        string? sessionPath = parse.GetValue(cli.Session);
        if (sessionPath is { Length: 0 }) return ConsoleReport.Usage("--session needs a file name.");

        using var interrupts = new Interrupts();
        if (interactive)
        {
            if (sessionPath is null) return new Repl(options, interrupts, null, runtime.CreateSession(options)).Run();
            if (SessionFile.Open(runtime, sessionPath, options, out var openProblem) is not { } saved) return ConsoleReport.SessionFile(openProblem!);
            return new Repl(options, interrupts, sessionPath, saved).Run();
        }

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
        if (sessionPath is not null) return await RunInSessionAsync(sessionPath, source, options, runOptions, interrupts, asJson, stdout, stderr);

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
    /// <c>--session FILE</c>: the program runs in the session saved in the file (a fresh one when there is none), which
    /// is saved back when the run counts (see <see cref="SessionFile"/>). The result is reported before saving, so the
    /// user sees what ran even when the save fails (exit code <see cref="ExitCodes.SessionFile"/> then).
    /// </summary>
    private async Task<int> RunInSessionAsync(string sessionPath, byte[] source, SandboxOptions options, RunOptions runOptions,
        Interrupts interrupts, bool asJson, Stream stdout, Stream stderr)
    {
        if (!TryDecode(source, out string? code))
        {
            // The session runs text; source that is not UTF-8 gets the same SyntaxError as without --session from a
            // one-shot run, which stops at decoding: nothing runs and the session file is not touched.
            var refused = runtime.Run(source, options, runOptions);
            ConsoleReport.Write(refused, asJson, stdout, stderr);
            return ExitCodes.For(refused);
        }

        using var session = SessionFile.Open(runtime, sessionPath, options, out var problem);
        if (session is null) return ConsoleReport.SessionFile(problem!);

        var cancellation = interrupts.Begin();
        RunResult result;
        try
        {
            result = await Task.Run(() => session.Run(code, runOptions, cancellation), CancellationToken.None);
        }
        finally
        {
            interrupts.End();
        }
        ConsoleReport.Write(result, asJson, stdout, stderr);
        if (ShouldSave(result) && SessionFile.Save(session, sessionPath) is { } saveProblem) return ConsoleReport.SessionFile(saveProblem);
        return ExitCodes.For(result);
    }

    /// <summary>
    /// Whether a run's session is worth saving: one that completed or raised a Python error (what ran before the
    /// exception stays done, as in the session). A rolled-back run changed nothing, and a source refused before it
    /// ran (too large) never started: the file stays as it was.
    /// </summary>
    internal static bool ShouldSave(RunResult result) => !result.RolledBack && result.Status is RunStatus.Completed or RunStatus.PythonError;

    private static bool TryDecode(byte[] source, [NotNullWhen(true)] out string? code)
    {
        try
        {
            code = StrictUtf8.GetString(source);
            return true;
        }
        catch (DecoderFallbackException)
        {
            code = null;
            return false;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
