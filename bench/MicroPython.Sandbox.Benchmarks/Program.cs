using BenchmarkDotNet.Running;
using MicroPython.Sandbox.Benchmarks;

// Quick measurements by name; anything else goes to BenchmarkDotNet (e.g. --filter '*Fresh*').
switch (args.FirstOrDefault())
{
    case "fresh":
        int iterations = args.Length > 1 ? int.Parse(args[1]) : 20000;
        Measurements.Fresh("1+2", iterations, TimeSpan.FromSeconds(2));
        Measurements.Fresh("print(1+1)", iterations, TimeSpan.FromSeconds(2));
        break;
    case "program":
        Measurements.Program(args[1], args.Length > 2 ? int.Parse(args[2]) : 7);
        break;
    case "memory":
        Measurements.Memory(args.Length > 1 ? int.Parse(args[1]) : 1000, 64L << 20);
        break;
    case "load":
        Measurements.Load();
        break;
    case "startup":
        Measurements.Startup(args.Length > 1 ? int.Parse(args[1]) : 10);
        break;
    case "phases":
        Phases.Run(args.Length > 1 ? int.Parse(args[1]) : 2000);
        break;
    case "session":
        SessionMeasurements.Run(memoryOnly: args.Contains("memory"), sessionCount: args.Length > 2 && int.TryParse(args[2], out int count) ? count : 100);
        break;
    case "session-create":
        SessionCreateMeasurements.Run(args.Length > 1 ? int.Parse(args[1]) : 200);
        break;
    case "tool":
        await ToolMeasurements.Run(args.Length > 1 ? int.Parse(args[1]) : 5000);
        break;
    case "mcp":
        // mcp ITERATIONS COMMAND [ARGS...]: e.g. mcp 2000 dotnet src/MicroPython.Sandbox.Cli/bin/Release/net10.0/mpsandbox.dll
        await McpMeasurements.RunAsync(args[2], args[3..], int.Parse(args[1]));
        break;
    case "snapshot":
        // snapshot [small]: small leaves out the 50 MiB case.
        SnapshotMeasurements.Run(args.Length > 1 && args[1] == "small");
        break;
    case "snapshot-canonical":
        SnapshotMeasurements.Canonical();
        break;
    case "recursion":
        RecursionMeasurements.Run(args.Length > 1 ? int.Parse(args[1]) * 1024 : new MicroPython.Sandbox.SandboxOptions().StackBytes, args.Contains("hostile"));
        break;
    case "recursion-latency":
        RecursionMeasurements.Latency(args.Length > 1 ? int.Parse(args[1]) : 5000, args.Length > 2 ? int.Parse(args[2]) * 1024 : null);
        break;
    case "fuel":
        Measurements.Fuel(args.Length > 1 ? int.Parse(args[1]) : 5);
        break;
    case "fuzz":
        return Fuzz.Supervise(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60,
            args.Length > 2 ? int.Parse(args[2]) : Environment.TickCount & 0xFFFF, args.Length > 3 ? args[3] : "fuzz-findings");
    case "fuzz-worker":
        return Fuzz.Work(int.Parse(args[1]), double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3]);
    case "hardening":
        HardeningCases.Run();
        HardeningCases.Overhead();
        break;
    case "soak":
        Soak.Run(args.Length > 1 ? int.Parse(args[1]) : 100_000, args.Length > 2 ? int.Parse(args[2]) : 4_000);
        break;
    case "all":
        Measurements.Fresh("1+2", 20000, TimeSpan.FromSeconds(2));
        Measurements.Fresh("print(1+1)", 20000, TimeSpan.FromSeconds(2));
        Measurements.Fuel(5);
        Measurements.Memory(1000, 64L << 20);
        Measurements.Startup(10);
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(FreshSandboxBenchmarks).Assembly).Run(args);
        break;
}
return 0;
