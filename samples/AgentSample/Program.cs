// A data analyst agent: Microsoft Agent Framework's ChatClientAgent with the MicroPython CodeAct provider. The model
// answers questions about sales.csv by writing Python that runs in the sandbox; the interpreter keeps its state for the
// whole conversation, and the code can call the host's exchange_rate tool.
//
//   OPENAI_API_KEY=sk-... dotnet run --project samples/AgentSample
//   OPENAI_API_KEY=... OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=qwen3 dotnet run --project samples/AgentSample
//   dotnet run --project samples/AgentSample -- --OpenAI:ApiKey=sk-... "Which region sold the most, in EUR?"
using System.ClientModel;
using System.ComponentModel;
using MicroPython.Sandbox.Agents;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using OpenAI;

var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables()
    .AddCommandLine([.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal))])
    .Build();
string? apiKey = configuration["OpenAI:ApiKey"] ?? configuration["OPENAI_API_KEY"];
if (string.IsNullOrWhiteSpace(apiKey))
{
    Console.Error.WriteLine("""
        AgentSample needs a model to talk to, and no API key was given.
        Set OPENAI_API_KEY (or pass --OpenAI:ApiKey=<key>) to use OpenAI; for an OpenAI-compatible server also set
        OPENAI_BASE_URL (e.g. http://localhost:11434/v1) and OPENAI_MODEL. Nothing was sent anywhere.
        """);
    return 2;
}
string model = configuration["OpenAI:Model"] ?? configuration["OPENAI_MODEL"] ?? "gpt-4.1-mini";
string? baseUrl = configuration["OpenAI:BaseUrl"] ?? configuration["OPENAI_BASE_URL"];
var clientOptions = new OpenAIClientOptions();
if (!string.IsNullOrWhiteSpace(baseUrl)) clientOptions.Endpoint = new Uri(baseUrl);
IChatClient chatClient = new OpenAIClient(new ApiKeyCredential(apiKey), clientOptions).GetChatClient(model).AsIChatClient();

// The CodeAct provider: the sales file mounted read-only, a host tool the Python code can call, and the sandbox's limits.
await using var codeAct = new MicroPythonCodeActProvider(new MicroPythonCodeActOptions
{
    FileMounts = [new FileMount(Path.Combine(AppContext.BaseDirectory, "sales.csv"), "/data/sales.csv")],
    Tools = [AIFunctionFactory.Create(ExchangeRate, "exchange_rate", "How many EUR one unit of a currency is worth today.")],
    ConfigurePython = python =>
    {
        python.Sandbox.Timeout = TimeSpan.FromSeconds(10);
        python.AdditionalInstructions = "/data/sales.csv has the columns date, region, product, units, unit_price, currency.";
    },
});

AIAgent agent = chatClient.AsAIAgent(new ChatClientAgentOptions
{
    Name = "analyst",
    ChatOptions = new ChatOptions { Instructions = "You are a careful data analyst. Answer with numbers you computed, not guesses." },
    AIContextProviders = [codeAct],
});
AgentSession session = await agent.CreateSessionAsync();

// Questions from the command line, else one per line from the console until an empty line.
List<string> questions = [.. args.Where(a => !a.StartsWith("--", StringComparison.Ordinal))];
if (questions.Count == 0) Console.WriteLine("Ask about the sales data (an empty line ends):");
foreach (string question in questions.Count > 0 ? questions : ReadQuestions())
{
    AgentResponse response = await agent.RunAsync(question, session);
    Console.WriteLine(response.Text);
}
return 0;

static IEnumerable<string> ReadQuestions()
{
    while (Console.ReadLine() is { Length: > 0 } line) yield return line;
}

[Description("How many EUR one unit of the currency is worth.")]
static double ExchangeRate([Description("ISO code, e.g. USD")] string currency) => currency.ToUpperInvariant() switch
{
    "EUR" => 1.0,
    "USD" => 0.92,
    "GBP" => 1.17,
    _ => throw new ArgumentException($"No rate for '{currency}'. Known: EUR, USD, GBP."),
};
