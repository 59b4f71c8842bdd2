namespace MicroPython.Sandbox;

/// <summary>
/// HTTP access for sandboxed code (<c>requests</c>, <c>urllib.request</c>), off by default: a request goes out only
/// when its URL falls under one of <see cref="AllowedOrigins"/>, with an allowed method, within the size, time and
/// count caps below. Every request is made by the host, never by the guest (there are no sockets in the sandbox).
/// A refused request raises <c>NetworkRefused</c> in Python, naming the rule that refused it.
/// </summary>
/// <remarks>
/// With the default handler (<see cref="Handler"/> null) the host resolves every name itself and connects only to
/// addresses outside the loopback, private, link-local, carrier-grade NAT, multicast, reserved and cloud metadata
/// ranges (unless <see cref="AllowPrivateAddresses"/> is set); the address checked is the one connected to, so a
/// name that resolves differently later (DNS rebinding) gains nothing. Redirects are followed by the sandbox, each
/// hop checked against the rules as a new request. No proxy, cookie store or host credentials are used.
/// </remarks>
public sealed class NetworkOptions
{
    /// <summary>The methods allowed when <see cref="AllowedMethods"/> is not changed.</summary>
    public static IReadOnlyList<string> DefaultMethods { get; } = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    /// <summary>
    /// The origins the guest may reach, each <c>scheme://host[:port][/path-prefix]</c> with scheme <c>http</c> or
    /// <c>https</c>, e.g. <c>https://api.example.com</c> or <c>http://localhost:8080/v1/</c>. The host matches
    /// exactly (no subdomains, case-insensitive, a trailing dot ignored); the port defaults to the scheme's; a path
    /// prefix matches whole segments (<c>/v1</c> allows <c>/v1</c> and <c>/v1/x</c>, not <c>/v10</c>). Empty (the
    /// default) turns network access off.
    /// </summary>
    public IList<string> AllowedOrigins { get; private set; } = [];

    /// <summary>The HTTP methods the guest may use (case-insensitive); by default <see cref="DefaultMethods"/>. <c>CONNECT</c> and <c>TRACE</c> are always refused.</summary>
    public ICollection<string> AllowedMethods { get; private set; } = new HashSet<string>(DefaultMethods, StringComparer.OrdinalIgnoreCase);

    /// <summary>Cap on what the guest sends in one request: URL, header names and values, and body, in bytes (default 1 MiB). Checked before the host copies any of it.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Cap on what one response hands the guest: headers and body, in bytes (default 4 MiB). The body is streamed into the guest in chunks; past the cap the guest gets an error.</summary>
    public long MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Time limit of one request, from sending it to reading the last byte of its body (default 30 s), never past the run's own deadline. Python's <c>timeout=</c> may only lower it.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cap on requests in one run, each redirect hop counted (default 20). Requests past it are refused.</summary>
    public int MaxRequests { get; set; } = 20;

    /// <summary>Cap on redirects followed for one request (default 5); 0 returns redirect responses to the guest as they are.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>
    /// Allows addresses in loopback, private, link-local (including cloud metadata at 169.254.169.254),
    /// carrier-grade NAT and unique-local ranges (default false). Meant for tests and for services on the host's own
    /// network; the allowed origins still apply.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>
    /// The handler that sends requests, so a host keeps its own authentication, proxy, logging or
    /// <c>IHttpMessageHandlerFactory</c> handlers; null (the default) uses the sandbox's own. The sandbox does not
    /// dispose it. With a handler of the host's, the sandbox still checks every URL, method, size, count and time
    /// rule, refuses host names written as addresses in the refused ranges, follows redirects itself when the
    /// handler does not, and refuses a response whose final URL the handler redirected outside the rules (that
    /// request has then been sent); it cannot see which address the handler connects to, so names resolving to
    /// refused ranges are the handler's business.
    /// </summary>
    public HttpMessageHandler? Handler { get; set; }

    /// <summary>True when at least one origin is allowed.</summary>
    internal bool Enabled => AllowedOrigins.Count > 0;

    /// <summary>A copy whose collections are independent of this instance's.</summary>
    internal NetworkOptions Clone()
    {
        var copy = (NetworkOptions)MemberwiseClone();
        copy.AllowedOrigins = [.. AllowedOrigins];
        copy.AllowedMethods = new HashSet<string>(AllowedMethods, StringComparer.OrdinalIgnoreCase);
        return copy;
    }
}
