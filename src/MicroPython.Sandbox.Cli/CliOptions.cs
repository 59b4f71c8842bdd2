using System.CommandLine;
using System.CommandLine.Parsing;

namespace MicroPython.Sandbox.Cli;

/// <summary>The command line of <c>mpsandbox</c>: its options, their defaults and help text.</summary>
internal sealed class CliOptions
{
    // The command's defaults are looser than the library's: 256 MiB (garbage is collected during a run, so
    // allocation-heavy scripts need a few MiB; this leaves room for large live data) and a generous time limit.
    public const long DefaultMemory = 256L * 1024 * 1024;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public Option<string?> Command { get; } = new("--command", "-c") { Description = "Program passed in as a string; arguments after it go to sys.argv[1:]." };

    // The options have no DefaultValueFactory: help would print the default as the parser holds it (2147483648,
    // 00:01:00); the descriptions give it in the units people type, and RunCommand applies it.
    public Option<long?> Memory { get; } = SizeOption("--memory",
        $"Memory limit, e.g. 64MB, 512K, 1GiB; {Quantities.FormatSize(SandboxOptions.MinimumMemoryLimit)} to {Quantities.FormatSize(SandboxOptions.MaximumMemoryLimit)} (default {Quantities.FormatSize(DefaultMemory)}).");

    public Option<long?> MaxOutput { get; } = SizeOption("--max-output",
        $"Limit on stdout plus stderr, e.g. 1MB, or none (default {Quantities.FormatSize(Quantities.Unlimited)}: output streams to the console).");

    public Option<TimeSpan?> Timeout { get; } = new("--timeout")
    {
        Description = $"Wall-clock limit (per statement in the interactive session), e.g. 5s, 250ms, 2m, or none (default {Quantities.FormatDuration(DefaultTimeout)}).",
        CustomParser = r => Quantities.TryParseDuration(r.Tokens[^1].Value, out var d) ? d : Fail<TimeSpan?>(r, $"'{r.Tokens[^1].Value}' is not a duration (try 5s or 250ms)."),
    };

    public Option<ulong?> Fuel { get; } = new("--fuel") { Description = "Deterministic instruction budget, a positive number (slower; off by default)." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the run result as JSON on stdout (the RunReport contract, see README)." };

    public Option<string?> Session { get; } = new("--session")
    {
        Description = "Keep the program's state in FILE between runs: restored before (a missing FILE starts fresh), saved after unless the run hit a limit or was stopped.",
        HelpName = "FILE",
    };

    public Option<string[]> Mounts { get; } = new("--mount")
    {
        Description = "Mount a host directory: HOST:GUEST[:rw] (read-only unless :rw). Repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Files { get; } = new("--file") { Description = "Provide a read-only file: GUEST=HOST. Repeatable." };

    public Option<string[]> AllowNet { get; } = new("--allow-net")
    {
        Description = "Let the program make HTTP requests (requests, urllib.request) to ORIGIN: scheme://host[:port][/path]. Repeatable; no network without it.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> AllowPrivateNet { get; } = new("--allow-private-net")
    {
        Description = "With --allow-net: also reach loopback, private and link-local addresses (refused by default), e.g. a service on this machine.",
    };

    public Argument<string?> Script { get; } = new("script")
    {
        Description = "Python file to run, or - for standard input; the arguments after it go to sys.argv[1:]. Without a program on a terminal: an interactive session.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public RootCommand CreateRootCommand() => new("Run Python in a MicroPython WebAssembly sandbox with hard limits. `mpsandbox mcp` serves it to MCP clients (see mpsandbox mcp --help).")
    {
        Command, Memory, MaxOutput, Timeout, Fuel, Json, Session, Mounts, Files, AllowNet, AllowPrivateNet, Script,
    };

    /// <summary>
    /// <c>mpsandbox mcp</c>: an MCP server on standard input and output, with the limit and file system options. Its
    /// runs serve a model, not a person at a console, so the defaults are the library's tighter ones.
    /// </summary>
    public Command CreateMcpCommand()
    {
        var defaults = new SandboxOptions();
        Memory.Description = $"Memory limit of each run, e.g. 64MB, 512K, 1GiB; {Quantities.FormatSize(SandboxOptions.MinimumMemoryLimit)} to {Quantities.FormatSize(SandboxOptions.MaximumMemoryLimit)} (default {Quantities.FormatSize(defaults.MemoryLimit)}).";
        MaxOutput.Description = $"Limit on each run's stdout plus stderr, e.g. 1MB (default {Quantities.FormatSize(defaults.MaxOutputBytes)}); the model reads at most the first and last few thousand characters of it.";
        Timeout.Description = $"Wall-clock limit of each run, e.g. 5s, 250ms, 2m (default {Quantities.FormatDuration(defaults.Timeout)}).";
        return new Command("mcp", "Serve the sandbox to an MCP client over standard input and output: tools run_python (a fresh interpreter per call) and execute_python (one session per connection, with reset).")
        {
            Memory, MaxOutput, Timeout, Fuel, Mounts, Files, AllowNet, AllowPrivateNet,
        };
    }

    /// <summary>
    /// Splits the command line where the program starts, as <c>python</c> does: the options before the script name
    /// (or before <c>-c CODE</c>'s code) are the command's, everything after it is the program's <c>sys.argv[1:]</c>,
    /// even when it looks like an option. A <c>--</c> ends the command's options; the next word is the script.
    /// </summary>
    public CommandLineSplit Split(RootCommand root, IReadOnlyList<string> args)
    {
        var valued = new HashSet<string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in root.Options)
        {
            // Flags (help, version, --json) take no word after them; every other option takes exactly one.
            var names = option.Arity.MaximumNumberOfValues == 0 || option.ValueType == typeof(bool) ? flags : valued;
            names.Add(option.Name);
            names.UnionWith(option.Aliases);
        }

        for (int i = 0; i < args.Count; i++)
        {
            string word = args[i];
            if (word == "--")
            {
                // The script follows; "--" itself is the parser's business only.
                int script = Math.Min(i + 2, args.Count);
                return new([.. args.Take(script)], [.. args.Skip(script)], null, ScriptAfterSeparator: true);
            }
            if (!word.StartsWith('-') || word == "-") return new([.. args.Take(i + 1)], [.. args.Skip(i + 1)], null, false);
            // --name=value and --name:value carry their own value.
            string name = word.Split('=', ':')[0];
            if (flags.Contains(name)) continue;
            if (!valued.Contains(name)) return new([.. args.Take(i)], [], word, false);
            if (name == word) i++; // the option's value is the next word
            if (Command.Name == name || Command.Aliases.Contains(name)) return new([.. args.Take(i + 1)], [.. args.Skip(i + 1)], null, false);
        }
        return new([.. args], [], null, false);
    }

    private static T Fail<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }

    private static Option<long?> SizeOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => Quantities.TryParseSize(r.Tokens[^1].Value, out long v) ? v : Fail<long?>(r, $"'{r.Tokens[^1].Value}' is not a size (try 64MB or 512K)."),
    };
}

/// <summary>The command line split where the program starts.</summary>
/// <param name="Own">The command's own words, up to and including the script name or the code.</param>
/// <param name="Program">The program's arguments: its <c>sys.argv[1:]</c>.</param>
/// <param name="UnknownOption">The first word before the program that looks like an option and is none of the command's.</param>
/// <param name="ScriptAfterSeparator">The script name came after <c>--</c>, so it may start with '-'.</param>
internal sealed record CommandLineSplit(string[] Own, string[] Program, string? UnknownOption, bool ScriptAfterSeparator);
