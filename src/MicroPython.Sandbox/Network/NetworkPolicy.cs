using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace MicroPython.Sandbox.Network;

/// <summary>One allowed origin, parsed: scheme, host (lower case, no trailing dot), port and an optional path prefix.</summary>
internal sealed record AllowedOrigin(string Scheme, string Host, int Port, string? PathPrefix)
{
    public bool Matches(GuestUrl url)
    {
        if (url.Scheme != Scheme || url.Host != Host || url.Port != Port) return false;
        if (PathPrefix is null) return true;
        // Whole segments: "/v1" allows "/v1" and "/v1/...", never "/v10".
        string path = url.Path;
        return path.StartsWith(PathPrefix, StringComparison.Ordinal)
            && (path.Length == PathPrefix.Length || PathPrefix.EndsWith('/') || path[PathPrefix.Length] == '/');
    }

    public override string ToString() => $"{Scheme}://{(Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host)}:{Port}{PathPrefix}";
}

/// <summary>A URL as the host will send it: rebuilt from its checked parts, never the guest's text.</summary>
internal sealed record GuestUrl(string Scheme, string Host, int Port, string Path, Uri Uri)
{
    public string Origin => $"{Scheme}://{Uri.Authority}";
}

/// <summary>A request the rules refuse: <see cref="Rule"/> names the option (or "url"/"headers" for malformed input).</summary>
internal sealed class NetworkRefusedException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;

    /// <summary>The Python exception the guest gets (NetworkRefused unless set).</summary>
    public string Kind { get; init; } = "NetworkRefused";
}

/// <summary>
/// The allow-list of one run, parsed from <see cref="NetworkOptions"/>: which URLs and methods the guest may use. A
/// URL is parsed once by <see cref="Uri"/>, refused when it hides anything (credentials, percent-encoded or zone-scoped
/// hosts, encoded slashes or dot segments, control characters), and rebuilt from scheme, host, port, path and query,
/// so the request that leaves is exactly the one that was checked.
/// </summary>
internal sealed class NetworkPolicy
{
    private readonly AllowedOrigin[] _origins;
    private readonly HashSet<string> _methods;

    public NetworkPolicy(NetworkOptions options)
    {
        Options = options;
        _origins = [.. options.AllowedOrigins.Select(o => ParseOrigin(o) ?? throw new ArgumentException($"'{o}' is not an origin.", nameof(options)))];
        _methods = new HashSet<string>(options.AllowedMethods.Select(m => m.ToUpperInvariant()), StringComparer.Ordinal);
    }

    public NetworkOptions Options { get; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the option when the network options are unusable.</summary>
    [SuppressMessage("Usage", "CA2208:Instantiate argument exceptions correctly", Justification = "ParamName names the option that is out of range, which tells the caller more than 'options'.")]
    public static void Validate(NetworkOptions options)
    {
        foreach (string origin in options.AllowedOrigins)
            if (ParseOrigin(origin) is null)
                throw new ArgumentException($"'{origin}' is not an origin: use scheme://host[:port][/path] with scheme http or https, and no credentials, query or fragment.", nameof(options.AllowedOrigins));
        foreach (string method in options.AllowedMethods)
            if (string.IsNullOrEmpty(method) || !IsToken(method))
                throw new ArgumentException($"'{method}' is not an HTTP method.", nameof(options.AllowedMethods));
        if (options.MaxRequestBytes <= 0) throw new ArgumentOutOfRangeException(nameof(options.MaxRequestBytes), options.MaxRequestBytes, "MaxRequestBytes must be positive.");
        if (options.MaxResponseBytes <= 0) throw new ArgumentOutOfRangeException(nameof(options.MaxResponseBytes), options.MaxResponseBytes, "MaxResponseBytes must be positive.");
        if (options.MaxRequests < 0) throw new ArgumentOutOfRangeException(nameof(options.MaxRequests), options.MaxRequests, "MaxRequests cannot be negative.");
        if (options.MaxRedirects is < 0 or > 50) throw new ArgumentOutOfRangeException(nameof(options.MaxRedirects), options.MaxRedirects, "MaxRedirects must be between 0 and 50.");
        Limits.RunLimits.ValidateTimeout(options.RequestTimeout, nameof(options.RequestTimeout));
    }

    /// <summary>Parses an allowed origin, or null when it is not one.</summary>
    public static AllowedOrigin? ParseOrigin(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Contains('%', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal)) return null;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0) return null;
        if (NormalizeHost(uri) is not { } host) return null;
        string path = uri.AbsolutePath;
        return new AllowedOrigin(uri.Scheme, host, uri.Port, path is "" or "/" ? null : path);
    }

    /// <summary>Checks a guest URL and rebuilds it; throws <see cref="NetworkRefusedException"/> when it is malformed or not allowed.</summary>
    public GuestUrl Check(string text, Uri? relativeTo = null)
    {
        foreach (char c in text)
            if (c <= ' ' || c == '\x7f') throw new NetworkRefusedException("url", "the URL contains spaces or control characters");
        Uri? uri;
        if (relativeTo is null ? !Uri.TryCreate(text, UriKind.Absolute, out uri) : !Uri.TryCreate(relativeTo, text, out uri))
            throw new NetworkRefusedException("url", $"'{Shorten(text)}' is not an absolute URL");
        if (uri.Scheme is not ("http" or "https"))
            throw new NetworkRefusedException(nameof(NetworkOptions.AllowedOrigins), $"the scheme '{uri.Scheme}' is not allowed; only http and https are");
        if (uri.UserInfo.Length > 0) throw new NetworkRefusedException("url", "credentials in the URL (user@host) are not allowed");
        // The authority as written: a percent sign there is an encoded or zone-scoped host, which could be read two ways.
        if (uri.GetComponents(UriComponents.Host, UriFormat.UriEscaped).Contains('%', StringComparison.Ordinal) || text.AsSpan(0, Math.Min(text.Length, AuthorityEnd(text))).Contains('%'))
            throw new NetworkRefusedException("url", "percent-encoded or zone-scoped host names are not allowed");
        if (NormalizeHost(uri) is not { } host) throw new NetworkRefusedException("url", "the URL has no usable host");
        string path = uri.AbsolutePath;
        if (path.Contains("%2f", StringComparison.OrdinalIgnoreCase) || path.Contains("%5c", StringComparison.OrdinalIgnoreCase) || path.Contains("%2e", StringComparison.OrdinalIgnoreCase))
            throw new NetworkRefusedException("url", "encoded slashes and dots in the path are not allowed");
        var builder = new UriBuilder(uri.Scheme, host, uri.Port) { Path = path, Query = uri.Query.Length > 1 ? uri.Query[1..] : "" };
        var url = new GuestUrl(uri.Scheme, host, uri.Port, path, builder.Uri);
        if (_origins.Length == 0)
            throw new NetworkRefusedException(nameof(NetworkOptions.AllowedOrigins), "network access is off: the host allows no origins");
        if (!Array.Exists(_origins, o => o.Matches(url)))
            throw new NetworkRefusedException(nameof(NetworkOptions.AllowedOrigins), $"{url.Scheme}://{url.Uri.Authority}{path} is not under an allowed origin");
        if (!Options.AllowPrivateAddresses && IPAddress.TryParse(host, out var address) && AddressRules.Refusal(address) is { } why)
            throw new NetworkRefusedException(nameof(NetworkOptions.AllowPrivateAddresses), $"{host} is a {why} address");
        return url;
    }

    /// <summary>Checks a method; returns it in upper case.</summary>
    public string CheckMethod(string method)
    {
        string upper = method.ToUpperInvariant();
        if (upper.Length == 0 || !IsToken(upper)) throw new NetworkRefusedException("method", $"'{Shorten(method)}' is not an HTTP method");
        if (upper is "CONNECT" or "TRACE" || !_methods.Contains(upper))
            throw new NetworkRefusedException(nameof(NetworkOptions.AllowedMethods), $"the method {upper} is not allowed");
        return upper;
    }

    /// <summary>The host as compared and sent: lower case, IDN as punycode, no trailing dot, IPv6 without brackets.</summary>
    private static string? NormalizeHost(Uri uri)
    {
        switch (uri.HostNameType)
        {
            case UriHostNameType.IPv4:
                return uri.Host;
            case UriHostNameType.IPv6:
                return IPAddress.TryParse(uri.Host, out var v6) && v6.ScopeId == 0 ? v6.ToString() : null;
            case UriHostNameType.Dns:
                string host = uri.IdnHost.ToLowerInvariant();
                if (host.EndsWith('.')) host = host[..^1];
                if (host.Length == 0 || host.EndsWith('.') || host.Contains('%', StringComparison.Ordinal)) return null;
                // A name that is really an address in another spelling goes through the address rules.
                return IPAddress.TryParse(host, out var parsed) && !host.Contains(':', StringComparison.Ordinal) ? parsed.ToString() : host;
            default:
                return null;
        }
    }

    private static int AuthorityEnd(string text)
    {
        int start = text.IndexOf("//", StringComparison.Ordinal);
        if (start < 0) return 0;
        int end = text.IndexOfAny(['/', '?', '#', '\\'], start + 2);
        return end < 0 ? text.Length : end;
    }

    public static bool IsToken(string s)
    {
        foreach (char c in s)
            if (c is <= ' ' or >= '\x7f' or '(' or ')' or '<' or '>' or '@' or ',' or ';' or ':' or '\\' or '"' or '/' or '[' or ']' or '?' or '=' or '{' or '}')
                return false;
        return s.Length > 0;
    }

    public static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "...";
}
