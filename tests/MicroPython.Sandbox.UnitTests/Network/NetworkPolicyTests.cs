using System.Net;
using MicroPython.Sandbox.Network;

namespace MicroPython.Sandbox.UnitTests.Network;

/// <summary>The allow-list and address rules against URL spellings that try to reach something else.</summary>
public class NetworkPolicyTests
{
    private static NetworkPolicy Policy(params string[] origins)
    {
        var options = new NetworkOptions();
        foreach (string origin in origins) options.AllowedOrigins.Add(origin);
        return new NetworkPolicy(options);
    }

    private static readonly string[] RulesOfAWrongPlace = ["AllowedOrigins", "url"];

    private static string Refusal(NetworkPolicy policy, string url) => Assert.Throws<NetworkRefusedException>(() => policy.Check(url)).Rule;

    [Theory]
    [InlineData("https://API.Example.COM/v1/items", "https://api.example.com/v1/items")]
    [InlineData("https://api.example.com./v1/items?q=1", "https://api.example.com/v1/items?q=1")]
    [InlineData("https://api.example.com:443/v1", "https://api.example.com/v1")]
    [InlineData("https://api.example.com/v1/a/../b#frag", "https://api.example.com/v1/b")]
    public void AllowedUrlsAreRebuiltFromTheirCheckedParts(string url, string sent)
    {
        Assert.Equal(sent, Policy("https://api.example.com/v1").Check(url).Uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://api.example.com.evil.com/v1")]
    [InlineData("https://evil.com/v1?https://api.example.com/v1")]
    [InlineData("https://api.example.com@evil.com/v1")] // userinfo
    [InlineData("https://evil.com\\@api.example.com/v1")]
    [InlineData("https://api.example.com/v10")]
    [InlineData("https://api.example.com/v1/../admin")]
    [InlineData("https://api.example.com/v1/%2e%2e/admin")]
    [InlineData("https://api.example.com/v1%2f..%2fadmin")]
    [InlineData("http://api.example.com/v1")] // scheme
    [InlineData("https://api.example.com:8443/v1")] // port
    [InlineData("https://%61pi.example.com/v1")] // encoded host
    [InlineData("ftp://api.example.com/v1")]
    [InlineData("https://api.example.com\t/v1")]
    [InlineData("//api.example.com/v1")]
    [InlineData("https://xn--pi-7ka.example.com/v1")]
    public void SpellingsThatLeaveTheAllowedOriginAreRefused(string url)
    {
        Assert.Contains(Refusal(Policy("https://api.example.com/v1"), url), RulesOfAWrongPlace);
    }

    [Theory]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://2130706433/")] // decimal
    [InlineData("http://0x7f000001/")] // hexadecimal
    [InlineData("http://0177.0.0.1/")] // octal
    [InlineData("http://127.1/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://[::ffff:7f00:1]/")]
    [InlineData("http://[0:0:0:0:0:ffff:169.254.169.254]/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fd00:ec2::254]/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://10.1.2.3/")]
    [InlineData("http://192.168.0.1/")]
    [InlineData("http://172.31.255.255/")]
    [InlineData("http://100.100.100.200/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[::]/")]
    [InlineData("http://[2002:7f00:1::]/")] // 6to4 of 127.0.0.1
    [InlineData("http://[64:ff9b::a9fe:a9fe]/")] // NAT64 of 169.254.169.254
    public void AddressesInRefusedRangesAreRefusedInAnySpelling(string url)
    {
        // Every spelling is allowed by origin here (the origin list names each one), so only the address rule can refuse.
        var uri = new Uri(url);
        var policy = Policy($"http://{uri.Authority}");
        Assert.Equal("AllowPrivateAddresses", Refusal(policy, url));
    }

    [Fact]
    public void AnotherSpellingOfAnAllowedAddressIsTheSameOrigin()
    {
        var options = new NetworkOptions { AllowPrivateAddresses = true };
        options.AllowedOrigins.Add("http://127.0.0.1:8080");
        var policy = new NetworkPolicy(options);
        Assert.Equal("http://127.0.0.1:8080/x", policy.Check("http://2130706433:8080/x").Uri.AbsoluteUri);
        Assert.Equal("AllowedOrigins", Refusal(policy, "http://127.0.0.2:8080/x"));
    }

    [Theory]
    [InlineData("93.184.216.34", null)]
    [InlineData("8.8.8.8", null)]
    [InlineData("2606:4700::1111", null)]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("::1", "loopback")]
    [InlineData("fc00::1", "private")]
    [InlineData("2001::1", "Teredo")]
    [InlineData("ff02::1", "multicast")]
    public void AddressRulesClassifyAddresses(string address, string? contains)
    {
        var refusal = AddressRules.Refusal(IPAddress.Parse(address));
        if (contains is null) Assert.Null(refusal);
        else Assert.Contains(contains, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api.example.com")]
    [InlineData("https://user:pw@api.example.com")]
    [InlineData("https://api.example.com/?q=1")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://%61pi.example.com")]
    public void OptionsWithABadOriginAreRejected(string origin)
    {
        var options = new SandboxOptions();
        options.Network.AllowedOrigins.Add(origin);
        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void MethodsAreCheckedCaseInsensitivelyAndConnectIsNeverAllowed()
    {
        var options = new NetworkOptions();
        options.AllowedOrigins.Add("https://api.example.com");
        options.AllowedMethods.Add("CONNECT");
        var policy = new NetworkPolicy(options);
        Assert.Equal("GET", policy.CheckMethod("get"));
        Assert.Equal("AllowedMethods", Assert.Throws<NetworkRefusedException>(() => policy.CheckMethod("CONNECT")).Rule);
        Assert.Equal("method", Assert.Throws<NetworkRefusedException>(() => policy.CheckMethod("GE T")).Rule);
    }
}
