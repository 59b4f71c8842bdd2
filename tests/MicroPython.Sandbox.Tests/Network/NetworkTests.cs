using System.Net;

namespace MicroPython.Sandbox.Tests.Network;

/// <summary>HTTP from sandboxed code against a server on loopback: what the rules allow works, what they refuse is refused by name.</summary>
public sealed class NetworkTests : IDisposable
{
    private readonly LoopbackHttpServer _server = new();

    public void Dispose() => _server.Dispose();

    /// <summary>Options allowing the test server; loopback needs <see cref="NetworkOptions.AllowPrivateAddresses"/>.</summary>
    private SandboxOptions Allowing(string? origin = null, bool allowPrivate = true)
    {
        var options = new SandboxOptions { Timeout = TimeSpan.FromSeconds(20) };
        options.Network.AllowedOrigins.Add(origin ?? _server.Origin);
        options.Network.AllowPrivateAddresses = allowPrivate;
        return options;
    }

    private static RunResult Run(string code, SandboxOptions options) => PythonSandbox.Run(code, options);

    /// <summary>Runs code whose last line prints the refusal as "rule|message"; returns the rule.</summary>
    private static string RefusedRule(string call, SandboxOptions options)
    {
        var result = Run($"import requests\ntry:\n    {call}\n    print('sent')\nexcept requests.NetworkRefused as e:\n    print(e.rule + '|' + str(e))", options);
        result.ShouldComplete();
        Assert.DoesNotContain("sent", result.Stdout, StringComparison.Ordinal);
        return result.Stdout.Split('|')[0];
    }

    [Fact]
    public void GetWithParamsAndHeadersReachesAnAllowedServer()
    {
        var result = Run($$"""
            import requests
            r = requests.get('{{_server.Origin}}/json', params={'q': 'a b', 'n': [1, 2]}, headers={'X-Test': 'yes'})
            print(r.status_code, r.ok, r.headers['content-type'])
            d = r.json()
            print(d['method'], d['path'], d['x_test'])
            """, Allowing());
        result.ShouldComplete();
        Assert.Equal("200 True application/json\nGET /json?q=a+b&n=1&n=2 yes\n", result.Stdout);
    }

    [Fact]
    public void PostJsonRoundTripsThroughTheServer()
    {
        var result = Run($$"""
            import requests
            r = requests.post('{{_server.Origin}}/echo', json={'k': [1, 2, 'ü']})
            print(r.status_code, r.headers.get('Content-Type'), r.json()['k'][:2], r.json()['k'][2] == 'ü')
            r.raise_for_status()
            """, Allowing());
        result.ShouldComplete();
        Assert.Equal("201 application/json [1, 2] True\n", result.Stdout);
    }

    [Fact]
    public void UrlopenReadsAResponse()
    {
        var result = Run($$"""
            import urllib.request
            with urllib.request.urlopen('{{_server.Origin}}/bytes?n=5') as f:
                print(f.status, f.read())
            try:
                urllib.request.urlopen('{{_server.Origin}}/missing')
            except urllib.error.HTTPError as e:
                print(e.code)
            """, Allowing());
        result.ShouldComplete();
        Assert.Equal("200 b'xxxxx'\n404\n", result.Stdout);
    }

    [Fact]
    public void LoopbackIsRefusedUnlessPrivateAddressesAreAllowed()
    {
        Assert.Equal("AllowPrivateAddresses", RefusedRule($"requests.get('{_server.Origin}/json')", Allowing(allowPrivate: false)));
        Assert.Equal(0, _server.Requests);
    }

    [Fact]
    public void ANameResolvingToLoopbackIsRefused()
    {
        // localhost is an allowed name here, but the address it resolves to is not.
        var options = Allowing($"http://localhost:{_server.Port}", allowPrivate: false);
        Assert.Equal("AllowPrivateAddresses", RefusedRule($"requests.get('http://localhost:{_server.Port}/json')", options));
        Assert.Equal(0, _server.Requests);
    }

    [Fact]
    public void NetworkIsOffByDefault()
    {
        Assert.Equal("AllowedOrigins", RefusedRule($"requests.get('{_server.Origin}/json')", new SandboxOptions()));
        Assert.Equal(0, _server.Requests);
    }

    [Theory]
    [InlineData("requests.get('http://127.0.0.1:{port2}/json')", "AllowedOrigins")] // another port
    [InlineData("requests.get('https://127.0.0.1:{port}/json')", "AllowedOrigins")] // another scheme
    [InlineData("requests.get('http://127.0.0.2:{port}/json')", "AllowedOrigins")] // another host
    [InlineData("requests.get('{origin}/other/x')", "AllowedOrigins")] // outside the path prefix
    [InlineData("requests.get('{origin}/jsonx')", "AllowedOrigins")] // a prefix of a segment is not the segment
    [InlineData("requests.get('http://user@127.0.0.1:{port}/json')", "url")]
    [InlineData("requests.get('{origin}/json/%2e%2e/echo')", "AllowedOrigins")] // checked as the path it becomes: /echo
    [InlineData("requests.request('PROPFIND', '{origin}/json')", "AllowedMethods")]
    [InlineData("requests.request('TRACE', '{origin}/json')", "AllowedMethods")]
    [InlineData("requests.get('{origin}/json', headers={'Host': 'evil.example'})", "headers")]
    [InlineData("requests.get('{origin}/json', headers={'X-A': 'a\\r\\nX-B: b'})", "headers")]
    public void RequestsOutsideTheRulesAreRefusedNamingTheRule(string call, string rule)
    {
        var options = Allowing(_server.Origin + "/json");
        call = call.Replace("{origin}", _server.Origin, StringComparison.Ordinal).Replace("{port}", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{port2}", (_server.Port == 65535 ? 1 : _server.Port + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(rule, RefusedRule(call, options));
        Assert.Equal(0, _server.Requests);
    }

    [Fact]
    public void ARedirectIsFollowedWithinTheRulesAndRefusedOutsideThem()
    {
        var options = Allowing();
        var result = Run($$"""
            import requests
            r = requests.get('{{_server.Origin}}/redirect?to=/json')
            print(r.status_code, r.json()['path'], r.url.endswith('/json'))
            try:
                requests.get('{{_server.Origin}}/redirect?to=http://169.254.169.254/latest/meta-data/')
            except requests.NetworkRefused as e:
                print(e.rule)
            r = requests.get('{{_server.Origin}}/redirect?to=/json', allow_redirects=False)
            print(r.status_code, r.headers['Location'])
            """, options);
        result.ShouldComplete();
        Assert.Equal("200 /json True\nAllowedOrigins\n302 /json\n", result.Stdout);
    }

    [Fact]
    public void AResponseLargerThanTheCapIsRefused()
    {
        var options = Allowing();
        options.Network.MaxResponseBytes = 100_000;
        Assert.Equal("MaxResponseBytes", RefusedRule($"requests.get('{_server.Origin}/bytes?n=200000')", options));
        // Without a length up front, the cap is found while streaming.
        Assert.Equal("MaxResponseBytes", RefusedRule($"requests.get('{_server.Origin}/bytes?n=200000&chunked=1')", options));
    }

    [Fact]
    public void ARequestLargerThanTheCapIsRefusedBeforeItIsSent()
    {
        var options = Allowing();
        options.Network.MaxRequestBytes = 10_000;
        Assert.Equal("MaxRequestBytes", RefusedRule($"requests.post('{_server.Origin}/echo', data=b'x' * 20000)", options));
        Assert.Equal(0, _server.Requests);
    }

    [Fact]
    public void RequestsPastTheCountAreRefused()
    {
        var options = Allowing();
        options.Network.MaxRequests = 3;
        var result = Run($$"""
            import requests
            n = 0
            try:
                for i in range(10):
                    requests.get('{{_server.Origin}}/json')
                    n += 1
            except requests.NetworkRefused as e:
                print(n, e.rule)
            """, options);
        result.ShouldComplete();
        Assert.Equal("3 MaxRequests\n", result.Stdout);
        Assert.Equal(3, _server.Requests);
    }

    [Fact]
    public void ASlowServerHitsTheRequestTimeoutAsAPythonException()
    {
        var options = Allowing();
        options.Network.RequestTimeout = TimeSpan.FromMilliseconds(300);
        var result = Run($$"""
            import requests
            try:
                requests.get('{{_server.Origin}}/hang')
            except requests.Timeout as e:
                print('timeout')
            try:
                requests.get('{{_server.Origin}}/hang', timeout=0.1)
            except requests.Timeout as e:
                print('timeout')
            """, options);
        result.ShouldComplete();
        Assert.Equal("timeout\ntimeout\n", result.Stdout);
    }

    [Fact]
    public void ASlowServerCannotHoldTheRunPastItsDeadline()
    {
        var options = Allowing();
        options.Timeout = TimeSpan.FromMilliseconds(500);
        var started = DateTime.UtcNow;
        var result = Run($"import requests\nrequests.get('{_server.Origin}/hang')", options);
        Assert.Equal(RunStatus.TimeLimitExceeded, result.Status);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void AHugeResponseHitsTheMemoryCapAsMemoryError()
    {
        var options = Allowing();
        options.MemoryLimit = 16 * 1024 * 1024;
        options.Network.MaxResponseBytes = 256L * 1024 * 1024;
        var result = Run($"import requests\ntry:\n    requests.get('{_server.Origin}/bytes?n=40000000')\nexcept MemoryError:\n    print('MemoryError')", options);
        Assert.True(result.Status is RunStatus.Completed or RunStatus.MemoryLimitExceeded, result.Status.ToString());
        if (result.Status == RunStatus.Completed) Assert.Equal("MemoryError\n", result.Stdout);
    }

    [Fact]
    public void AHostHandlerAddsCredentialsTheGuestCannotRead()
    {
        var cookies = new CookieContainer();
        using var inner = new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true };
        using var handler = new AddsAuthorization(inner);
        var options = Allowing();
        options.Network.Handler = handler;
        var result = Run($$"""
            import requests
            r = requests.get('{{_server.Origin}}/cookie')
            print(r.text, 'set-cookie' in r.headers, [k for k in r.headers if 'cookie' in k.lower()])
            d = requests.get('{{_server.Origin}}/json').json()
            print(d['authorized'], d['cookie'])
            """, options);
        result.ShouldComplete();
        // The server saw the host's Authorization and the cookie the host's handler kept; the guest saw neither.
        Assert.Equal("ok False []\nTrue True\n", result.Stdout);
        Assert.Equal(2, handler.Calls);
        Assert.DoesNotContain("host-secret", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AHostHandlerStillCannotReachARefusedOriginOrAddress()
    {
        using var handler = new AddsAuthorization(new SocketsHttpHandler());
        var options = Allowing(allowPrivate: false);
        options.Network.Handler = handler;
        Assert.Equal("AllowPrivateAddresses", RefusedRule($"requests.get('{_server.Origin}/json')", options));
        Assert.Equal("AllowedOrigins", RefusedRule("requests.get('http://example.com/')", options));
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public void AsyncioCodeAwaitsRequests()
    {
        var result = Run($$"""
            import asyncio, requests
            async def fetch(n):
                r = await requests.aget('{{_server.Origin}}/json', params={'n': n})
                return r.json()['path']
            async def main():
                print(await asyncio.gather(fetch(1), fetch(2)))
            asyncio.run(main())
            """, Allowing());
        result.ShouldComplete();
        Assert.Equal("['/json?n=1', '/json?n=2']\n", result.Stdout);
    }

    [Fact]
    public async Task SessionsMakeRequestsInEveryRun()
    {
        var options = Allowing();
        options.Network.MaxRequests = 1;
        await using var session = new PythonSession(options);
        SessionRuns.Ok(session, "import requests");
        for (int i = 0; i < 2; i++)
        {
            // The request count is per run: one request in each run is within a cap of one.
            var result = await session.RunAsync($"requests.get('{_server.Origin}/json').json()['method']");
            result.ShouldComplete();
            Assert.Equal("GET", result.Value);
        }
        Assert.Equal(2, _server.Requests);
    }

    private sealed class AddsAuthorization(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "host-secret-token");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
