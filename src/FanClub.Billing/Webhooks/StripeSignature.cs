using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FanClub.Billing.Webhooks;

/// <summary>
/// Checks a <c>Stripe-Signature</c> header (<c>t=…,v1=…[,v1=…]</c>): HMAC-SHA256 of
/// <c>"{t}.{payload}"</c> with the endpoint secret, compared in constant time, and <c>t</c> within the
/// tolerance of now. Done here rather than by Stripe.net's <c>EventUtility</c>, which reads <c>t</c>
/// as a 32-bit number and so refuses every signature made after 19 January 2038.
/// </summary>
public static class StripeSignature
{
    /// <summary>Null when the signature is good; otherwise why not.</summary>
    public static string? Check(string payload, string? header, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrEmpty(header))
        {
            return "The Stripe-Signature header is missing.";
        }

        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2)
            {
                continue;
            }

            if (pair[0] == "t" && long.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (pair[0] == "v1" && pair[1].Length == 64)
            {
                try
                {
                    signatures.Add(Convert.FromHexString(pair[1]));
                }
                catch (FormatException)
                {
                    // Not hex: cannot match; other v1 values may still.
                }
            }
        }

        if (timestamp is null || signatures.Count == 0)
        {
            return "The Stripe-Signature header has no timestamp or no v1 signature.";
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(timestamp.Value.ToString(CultureInfo.InvariantCulture) + "." + payload));
        if (!signatures.Any(s => CryptographicOperations.FixedTimeEquals(s, expected)))
        {
            return "No signature matches the payload and the endpoint secret.";
        }

        return Math.Abs(now.ToUnixTimeSeconds() - timestamp.Value) > (long)tolerance.TotalSeconds
            ? "The signature's timestamp is outside the tolerance."
            : null;
    }
}
