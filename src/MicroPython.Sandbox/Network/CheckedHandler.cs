using System.Net;
using System.Net.Sockets;

namespace MicroPython.Sandbox.Network;

/// <summary>
/// The sandbox's own HTTP handler: no redirects (the sandbox follows them itself, checking each hop), no cookies,
/// no credentials, no proxy, and a connect step that resolves the name itself and connects only to an address the
/// <see cref="AddressRules"/> accept, so the address checked is the address used (DNS rebinding gains nothing). Two
/// are shared process-wide (strict, and allowing private addresses), so connections are pooled across runs.
/// </summary>
internal static class CheckedHandler
{
    private static readonly Lazy<HttpMessageInvoker> Strict = new(() => Create(allowPrivate: false));
    private static readonly Lazy<HttpMessageInvoker> AllowingPrivate = new(() => Create(allowPrivate: true));

    public static HttpMessageInvoker Get(bool allowPrivate) => (allowPrivate ? AllowingPrivate : Strict).Value;

    private static HttpMessageInvoker Create(bool allowPrivate)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            Credentials = null,
            PreAuthenticate = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            MaxResponseHeadersLength = 64, // KiB
            ConnectCallback = (context, cancellation) => ConnectAsync(context, allowPrivate, cancellation),
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellation)
    {
        var endpoint = context.DnsEndPoint;
        IPAddress[] addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellation).ConfigureAwait(false);
        string? refusal = null;
        var usable = new List<IPAddress>(addresses.Length);
        foreach (var address in addresses)
        {
            var why = allowPrivate ? null : AddressRules.Refusal(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
            if (why is null) usable.Add(address);
            else refusal ??= $"{endpoint.Host} resolves to {address}, a {why} address";
        }
        if (usable.Count == 0)
            throw new NetworkRefusedException(nameof(NetworkOptions.AllowPrivateAddresses), refusal ?? $"{endpoint.Host} does not resolve");

        Exception? last = null;
        foreach (var address in usable)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellation).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }
}
