using System.Net;
using System.Net.Sockets;

namespace MicroPython.Sandbox.Network;

/// <summary>
/// Which IP addresses a guest request may reach unless <see cref="NetworkOptions.AllowPrivateAddresses"/> is set:
/// everything but loopback, private, link-local (which holds the cloud metadata address 169.254.169.254), carrier-grade
/// NAT, multicast, documentation, benchmarking and reserved ranges. IPv6 forms that carry an IPv4 address
/// (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are judged by that IPv4 address; Teredo is refused outright.
/// </summary>
internal static class AddressRules
{
    /// <summary>Why <paramref name="address"/> is refused, or null when it is a public address.</summary>
    public static string? Refusal(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork) return RefusalV4(address.GetAddressBytes());
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return "not an IP address";
        var b = address.GetAddressBytes();
        if (address.IsIPv4MappedToIPv6) return RefusalV4(b.AsSpan(12));
        if (IPAddress.IPv6Loopback.Equals(address)) return "loopback";
        if (IPAddress.IPv6None.Equals(address)) return "unspecified";
        // ::a.b.c.d (IPv4-compatible, deprecated): the first 96 bits are zero.
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0) return RefusalV4(b.AsSpan(12));
        // 64:ff9b::/96 and 64:ff9b:1::/48 (NAT64) carry an IPv4 address in their last 32 bits.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return RefusalV4(b.AsSpan(12));
        // 2002::/16 (6to4) carries one in bits 16-47.
        if (b[0] == 0x20 && b[1] == 0x02) return RefusalV4(b.AsSpan(2, 4));
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) return "Teredo";
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return "documentation";
        if (b[0] == 0xff) return "multicast";
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local";
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "site-local";
        if ((b[0] & 0xfe) == 0xfc) return "unique local (private)";
        if (b[0] == 0x01 && b[1] == 0x00 && b.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0) return "discard-only";
        return null;
    }

    private static string? RefusalV4(ReadOnlySpan<byte> a) => a[0] switch
    {
        0 => "unspecified (0.0.0.0/8)",
        10 => "private (10.0.0.0/8)",
        100 when (a[1] & 0xc0) == 64 => "carrier-grade NAT (100.64.0.0/10)",
        127 => "loopback (127.0.0.0/8)",
        169 when a[1] == 254 => "link-local and cloud metadata (169.254.0.0/16)",
        172 when (a[1] & 0xf0) == 16 => "private (172.16.0.0/12)",
        192 when a[1] == 0 && a[2] == 0 => "IETF protocol assignments (192.0.0.0/24)",
        192 when a[1] == 0 && a[2] == 2 => "documentation (192.0.2.0/24)",
        192 when a[1] == 88 && a[2] == 99 => "6to4 relay (192.88.99.0/24)",
        192 when a[1] == 168 => "private (192.168.0.0/16)",
        198 when (a[1] & 0xfe) == 18 => "benchmarking (198.18.0.0/15)",
        198 when a[1] == 51 && a[2] == 100 => "documentation (198.51.100.0/24)",
        203 when a[1] == 0 && a[2] == 113 => "documentation (203.0.113.0/24)",
        >= 224 and <= 239 => "multicast (224.0.0.0/4)",
        >= 240 => "reserved (240.0.0.0/4)",
        _ => null,
    };
}
