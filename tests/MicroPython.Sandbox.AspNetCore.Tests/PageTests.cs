using System.Globalization;
using DataTools;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MicroPython.Sandbox.AspNetCore.Tests;

/// <summary>The sample on real Kestrel (loopback, a free port) and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserApp : IAsyncLifetime
{
    /// <summary>Debian's Chromium, which .ci/run installs; Playwright is never asked to download a browser.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    public DataToolsFactory Factory { get; } = new();

    public IPlaywright? Playwright { get; private set; }

    public IBrowser? Browser { get; private set; }

    public string BaseAddress { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        BaseAddress = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        if (!File.Exists(ChromiumPath)) return;
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    public async Task<IPage> OpenAsync()
    {
        Assert.True(File.Exists(ChromiumPath),
            $"Chromium was not found at {ChromiumPath}. The page tests drive Debian's Chromium: install it with `apt-get install chromium` (.ci/run does).");
        var page = await Browser!.NewPageAsync();
        await page.GotoAsync(BaseAddress);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        await Factory.DisposeAsync();
    }
}

public sealed class PageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static async Task RunAsync(IPage page, string sql, string code)
    {
        await page.FillAsync("#sql", sql);
        await page.FillAsync("#code", code);
        await page.ClickAsync("#run");
        // The button is disabled while a run is on its way and enabled again when it has been shown.
        await page.WaitForFunctionAsync("() => !document.getElementById('run').disabled && document.getElementById('status').textContent !== 'Running the query…'");
    }

    [Fact]
    public async Task AQueryAndATransformTypedIntoThePageRenderTheFunctionsRowsAsATable()
    {
        const string sql = "SELECT region, SUM(quantity) AS units FROM sales GROUP BY region ORDER BY region";
        const string code = """
            def transform(rows):
                total = sum(r["units"] for r in rows)
                return [{"region": r["region"], "units": r["units"], "share": round(100 * r["units"] / total, 1)} for r in rows]
            """;
        var page = await app.OpenAsync();

        await RunAsync(page, sql, code);

        var header = await page.Locator("#result thead th").AllInnerTextsAsync();
        Assert.Equal(["region", "units", "share"], header);
        var cells = new List<IReadOnlyList<string>>();
        foreach (var row in await page.Locator("#result tbody tr").AllAsync())
            cells.Add(await row.Locator("td").AllInnerTextsAsync());
        // The same query straight on the database, and the same arithmetic in C#.
        var rows = app.Factory.Services.GetRequiredService<SampleDatabase>().Query(sql, CancellationToken.None).Rows;
        long total = rows.Sum(r => (long)r["units"]!);
        var expected = rows.Select(r => (IReadOnlyList<string>)[
            (string)r["region"]!,
            ((long)r["units"]!).ToString(CultureInfo.InvariantCulture),
            Math.Round(100.0 * (long)r["units"]! / total, 1, MidpointRounding.ToEven).ToString("0.0", CultureInfo.InvariantCulture).Replace(".0", "", StringComparison.Ordinal)]).ToList();
        Assert.Equal(4, cells.Count);
        Assert.Equal(expected.Select(r => r[0]), cells.Select(r => r[0]));
        Assert.Equal(expected.Select(r => r[1]), cells.Select(r => r[1]));
        Assert.Equal(expected.Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)), cells.Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)));
        Assert.True(await page.Locator("#problem").IsHiddenAsync());
    }

    [Fact]
    public async Task SeriesReturnedByTheFunctionAreDrawnAsAChartBesideTheTable()
    {
        const string sql = "SELECT substr(sold_on, 1, 7) AS month, SUM(amount) AS revenue FROM sales GROUP BY month ORDER BY month";
        const string code = "def transform(rows):\n    return {\"month\": [r[\"month\"] for r in rows], \"revenue\": [r[\"revenue\"] for r in rows]}\n";
        var page = await app.OpenAsync();

        await RunAsync(page, sql, code);

        Assert.Equal(1, await page.Locator("#chart svg polyline").CountAsync());
        Assert.Equal(6, await page.Locator("#result tbody tr").CountAsync());
    }

    [Fact]
    public async Task APythonErrorIsShownWithTheLineItComesFrom()
    {
        var page = await app.OpenAsync();

        await RunAsync(page, "SELECT id FROM products", "def transform(rows):\n    first = rows[0]\n    return first['missing']\n");

        string problem = await page.Locator("#problem").InnerTextAsync();
        Assert.StartsWith("Line 3: KeyError", problem);
        Assert.Equal(0, await page.Locator("#result tr").CountAsync());
    }

    [Fact]
    public async Task ALimitHitIsShownInWords()
    {
        var page = await app.OpenAsync();

        await RunAsync(page, "SELECT id FROM products", "def transform(rows):\n    while True:\n        pass\n");

        Assert.Contains("ran longer than its time limit", await page.Locator("#problem").InnerTextAsync());
    }

    [Fact]
    public async Task AStatementThatIsNotASelectIsRefusedBeforeAnyPythonRuns()
    {
        var page = await app.OpenAsync();

        await RunAsync(page, "DELETE FROM sales", "def transform(rows):\n    return rows\n");

        Assert.StartsWith("SQL: Only a SELECT query", await page.Locator("#problem").InnerTextAsync());
    }
}
