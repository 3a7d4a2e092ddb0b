using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FanClub.Web.RateLimiting;

/// <summary>
/// Partition keys that identify a client or an account to the limiter without naming it: an HMAC
/// with a secret kept out of the store, so a key seen in Redis, a dump or a log cannot be reversed
/// by hashing a list of e-mail addresses. The secret is <c>RateLimiting:KeySecret</c>, which every
/// node of a cluster shares (their counters meet under the same keys), or, for a node alone
/// without one, random and living only in this process.
/// </summary>
public sealed class RateLimitKeys(IOptions<RateLimitingOptions> options)
{
    private readonly byte[] _secret = options.Value.KeySecret is { Length: > 0 } secret
        ? Encoding.UTF8.GetBytes(secret)
        : RandomNumberGenerator.GetBytes(32);

    /// <summary>An IPv4 address as is; an IPv6 one by its /64, which a single subscriber usually holds whole.</summary>
    public string ForAddress(IPAddress? address)
    {
        if (address is null)
        {
            return Hash("ip:none");
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
        }

        return Hash("ip:" + address);
    }

    public string ForAccount(string account) => Hash("account:" + account);

    private string Hash(string value) =>
        Convert.ToHexString(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(value)).AsSpan(0, 12));
}
