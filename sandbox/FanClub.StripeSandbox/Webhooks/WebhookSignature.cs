using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FanClub.StripeSandbox.Webhooks;

/// <summary>
/// The <c>Stripe-Signature</c> header as Stripe writes it: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>
/// of <c>"&lt;t&gt;.&lt;payload&gt;"</c>, keyed with the whole <c>whsec_…</c> string.
/// </summary>
internal static class WebhookSignature
{
    public static string Header(string payload, string secret, DateTimeOffset signedAt)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}
