using System.Text.RegularExpressions;

namespace MicroPython.Sandbox.Cli.Tests;

/// <summary>
/// Every C# example in README.md compiles exactly as written, as the program of a console app of its own, and prints
/// what its comments say: a line <c>Console.WriteLine(...); // text</c> promises an output line <c>text</c>, in order.
/// All examples are built with one <c>dotnet build</c>, so the test costs one build per run.
/// </summary>
public sealed partial class ReadmeExamplesTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void EveryCSharpExampleInTheReadmeCompilesAsWrittenAndPrintsWhatItsCommentsSay()
    {
        var root = Repository.Root;
        var examples = Examples(File.ReadAllText(Path.Combine(root, "README.md")));
        Assert.NotEmpty(examples);

        using var work = new TempDirectory("mpsandbox-readme-");
        var projects = new List<string>();
        for (int i = 0; i < examples.Count; i++)
        {
            string dir = Path.Combine(work, $"Example{i + 1}");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "Program.cs"), examples[i]);
            // An example of an agent package references it too (the Agent Framework one brings the Microsoft.Extensions.AI
            // one); the others reference only the core library. Examples that need a model are ```cs blocks, not built.
            string agentPackage =
                (examples[i].Contains("using MicroPython.Sandbox.Extensions.AI;", StringComparison.Ordinal)
                    ? $"""<ProjectReference Include="{Path.Combine(root, "src", "MicroPython.Sandbox.Extensions.AI", "MicroPython.Sandbox.Extensions.AI.csproj")}" />"""
                    : "")
                + (examples[i].Contains("using MicroPython.Sandbox.Agents;", StringComparison.Ordinal)
                    ? $"""<ProjectReference Include="{Path.Combine(root, "src", "MicroPython.Sandbox.Agents", "MicroPython.Sandbox.Agents.csproj")}" />"""
                    : "");
            File.WriteAllText(Path.Combine(dir, $"Example{i + 1}.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{Path.Combine(root, "src", "MicroPython.Sandbox", "MicroPython.Sandbox.csproj")}" />
                    {agentPackage}
                  </ItemGroup>
                </Project>
                """);
            projects.Add(Path.Combine(dir, $"Example{i + 1}.csproj"));
        }
        File.WriteAllText(Path.Combine(work, "Examples.slnx"),
            "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{Path.GetFileName(Path.GetDirectoryName(p))}/{Path.GetFileName(p)}\" />\n")) + "</Solution>\n");

        var (code, output) = Run("dotnet", work, TimeSpan.FromMinutes(5), "build", "Examples.slnx", "--nologo", "-nodeReuse:false", "-v", "q");
        Assert.True(code == 0, $"The README's examples do not build:\n{output}");

        // What the examples read: a CSV file and a folder to mount, relative to the working directory.
        File.WriteAllText(Path.Combine(work, "input.csv"), "name,amount\nada,3\ngrace,5\n");
        Directory.CreateDirectory(Path.Combine(work, "reference"));

        for (int i = 0; i < examples.Count; i++)
        {
            string dll = Path.Combine(work, $"Example{i + 1}", "bin", "Debug", "net10.0", $"Example{i + 1}.dll");
            var (exit, printed) = Run("dotnet", work, TimeSpan.FromMinutes(1), dll);
            Assert.True(exit == 0, $"Example {i + 1} exited with {exit}:\n{printed}");
            AssertPrints(i + 1, ExpectedLines(examples[i]), printed);
        }
    }

    [Fact]
    public void ExpectedLinesComeFromTheCommentsOfConsoleWrites()
    {
        const string example = """
            Console.WriteLine(result.Status);   // Completed
            Console.WriteLine(x); // 12
            var y = 1; // not an output
            """;
        Assert.Equal(["Completed", "12"], ExpectedLines(example));
    }

    /// <summary>The ```csharp blocks of a Markdown text.</summary>
    internal static List<string> Examples(string markdown) =>
        [.. CodeBlock().Matches(markdown).Select(m => m.Groups[1].Value)];

    /// <summary>The output lines an example promises, in order.</summary>
    internal static List<string> ExpectedLines(string example) =>
        [.. example.Split('\n').Select(l => ConsoleWriteComment().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value.TrimEnd())];

    private static void AssertPrints(int example, List<string> expected, string printed)
    {
        var lines = printed.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        int at = 0;
        foreach (var line in expected)
        {
            while (at < lines.Length && lines[at].TrimEnd() != line) at++;
            Assert.True(at < lines.Length, $"Example {example} should print '{line}' (after the lines before it), but printed:\n{printed}");
            at++;
        }
    }

    private static (int ExitCode, string Output) Run(string file, string directory, TimeSpan timeout, params string[] args)
    {
        var result = ProcessRunner.Run(file, args, workingDirectory: directory, timeout: timeout);
        return (result.ExitCode, result.Output);
    }

    [GeneratedRegex(@"^```csharp\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"Console\.Write(?:Line)?\(.*\);\s*//\s?(.*)$")]
    private static partial Regex ConsoleWriteComment();
}
