namespace MicroPython.Sandbox.Benchmarks;

/// <summary>
/// The runtime every measurement runs on. The library reads no environment variables; this program maps its own, so
/// configurations can be compared without rebuilding: <c>MPSANDBOX_POOL_SIZE</c> (0 turns pooling off),
/// <c>MPSANDBOX_NO_RECYCLE=1</c>, <c>MPSANDBOX_NO_STARTUP_IMAGE=1</c> and <c>MPSANDBOX_CACHE_DIR</c>.
/// </summary>
internal static class BenchRuntime
{
    public static SandboxRuntime Runtime { get; } = new(FromEnvironment());

    private static SandboxRuntimeOptions FromEnvironment()
    {
        var defaults = new SandboxRuntimeOptions();
        return defaults with
        {
            PoolSize = int.TryParse(Environment.GetEnvironmentVariable("MPSANDBOX_POOL_SIZE"), out int size) && size >= 0 ? size : defaults.PoolSize,
            RecycleInterpreters = !IsSet("MPSANDBOX_NO_RECYCLE"),
            UseStartupImage = !IsSet("MPSANDBOX_NO_STARTUP_IMAGE"),
            CacheDirectory = Environment.GetEnvironmentVariable("MPSANDBOX_CACHE_DIR") is { Length: > 0 } directory ? directory : defaults.CacheDirectory,
        };
    }

    private static bool IsSet(string name) => Environment.GetEnvironmentVariable(name) is "1" or "true";
}
