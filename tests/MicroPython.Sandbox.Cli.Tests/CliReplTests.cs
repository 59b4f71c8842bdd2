namespace MicroPython.Sandbox.Cli.Tests;

/// <summary>The interactive session <c>mpsandbox</c> starts on a terminal, driven through a pseudo-terminal as a person types.</summary>
public class CliReplTests
{
    /// <summary>The build of the command under test.</summary>
    protected virtual CliProcess Command => CliProcess.Managed;

    [Fact]
    public void ASessionKeepsItsStateThroughErrorsAndCtrlCAndEndsWithCtrlD()
    {
        // The time limit is a guard only: Ctrl+C must stop the loop long before it.
        using var terminal = Command.StartInTerminal("--timeout", "30s");
        terminal.Expect("MicroPython 1.");
        terminal.Expect("timeout 30s");
        terminal.Expect("Ctrl+D to exit");

        terminal.Expect(">>> ");
        terminal.TypeLine("x = 6*7");
        terminal.Expect(">>> ");
        terminal.TypeLine("x");
        terminal.Expect("42\n>>> ");

        terminal.TypeLine("def twice(n):");
        terminal.Expect("... ");
        terminal.TypeLine("    return 2 * n");
        terminal.Expect("... ");
        terminal.TypeLine("");
        terminal.Expect(">>> ");
        terminal.TypeLine("twice(x)");
        terminal.Expect("84\n>>> ");

        terminal.TypeLine("[1,");
        terminal.Expect("... ");
        terminal.TypeLine(" 2]");
        terminal.Expect("[1, 2]\n>>> ");

        terminal.TypeLine("raise ValueError('bad value')");
        terminal.Expect("Traceback (most recent call last):\n");
        terminal.Expect("ValueError: bad value\n>>> ");

        terminal.TypeLine("while True: pass");
        // Give the statement time to start: Ctrl+C typed before it runs would be a key at the prompt instead.
        Thread.Sleep(500);
        terminal.Type("\x03");
        terminal.Expect("KeyboardInterrupt\n");
        terminal.Expect("rolled back");
        terminal.Expect(">>> ");

        terminal.TypeLine("x");
        terminal.Expect("42\n>>> ");

        // Ctrl+C at the prompt drops the line typed so far; the session goes on.
        terminal.Type("x = 0");
        terminal.Type("\x03");
        terminal.Expect("KeyboardInterrupt\n>>> ");
        terminal.TypeLine("x + 1");
        terminal.Expect("43\n>>> ");

        terminal.Type("\x04");
        Assert.Equal(0, terminal.WaitForExit());
        Assert.DoesNotContain("Unhandled exception", terminal.Transcript);
    }

    [Fact]
    public void EachStatementHasTheLimitsAndAnExpressionValueIsEchoedButNoneIsNot()
    {
        using var terminal = Command.StartInTerminal("--timeout", "300ms");
        terminal.Expect(">>> ");
        terminal.TypeLine("n = 5");
        terminal.Expect(">>> ");
        terminal.TypeLine("while True: n += 1");
        terminal.Expect("mpsandbox: ");
        terminal.Expect("rolled back");
        terminal.Expect(">>> ");
        terminal.TypeLine("print(n)");
        terminal.Expect("5\n>>> ");
        terminal.TypeLine("None");
        terminal.Expect(">>> ");
        Assert.Contains(">>> None\n>>> ", terminal.Transcript);
        terminal.Type("\x04");
        Assert.Equal(0, terminal.WaitForExit());
    }
}

/// <summary>The same session through the native executable that <c>dotnet publish</c> makes.</summary>
[Trait("Category", "NativeAot")]
public sealed class NativeCliReplTests : CliReplTests
{
    protected override CliProcess Command => CliProcess.Native;
}
