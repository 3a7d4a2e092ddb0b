using System.Security.Cryptography;
using System.Text;

namespace FanClub.Web.Partners;

/// <summary>
/// A partner that calls FanClub's partner API and receives its webhooks. The API key is stored as
/// a SHA-256 hash (keys are long and random, so a slow hash buys nothing) and shown once, at creation.
/// </summary>
public sealed class PartnerAccount
{
    public const string KeyPrefix = "fcp_";

    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string ApiKeyHash { get; set; } = string.Empty;

    /// <summary>Last characters of the key, so admins can tell keys apart without seeing them.</summary>
    public string ApiKeyHint { get; set; } = string.Empty;

    public Uri? WebhookUrl { get; set; }

    /// <summary>Standard Webhooks signing secret (<c>whsec_</c> + base64), shared with the partner.</summary>
    public string WebhookSecret { get; set; } = string.Empty;

    /// <summary>
    /// The secret used before the last rotation, still signing beside the new one until
    /// <see cref="PreviousWebhookSecretUntil"/>, so the partner can switch without losing a message.
    /// </summary>
    public string? PreviousWebhookSecret { get; set; }

    public DateTimeOffset? PreviousWebhookSecretUntil { get; set; }

    /// <summary>Bumped by each API-key rotation: a form names the version it rotates, so a double click rotates once.</summary>
    public int ApiKeyVersion { get; set; } = 1;

    /// <summary>Bumped by each webhook-secret rotation, for the same reason.</summary>
    public int WebhookSecretVersion { get; set; } = 1;

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Creates an account and returns the API key in clear, the only time it exists outside the partner.</summary>
    public static (PartnerAccount Account, string ApiKey) Create(string id, string name, Uri? webhookUrl, DateTimeOffset now)
    {
        var key = NewApiKey();
        var account = new PartnerAccount
        {
            Id = id,
            Name = name,
            ApiKeyHash = Hash(key),
            ApiKeyHint = key[^4..],
            WebhookUrl = webhookUrl,
            WebhookSecret = NewWebhookSecret(),
            CreatedAt = now,
        };
        return (account, key);
    }

    /// <summary>A new API key in clear; the caller keeps only its hash and hint.</summary>
    public static string NewApiKey() => KeyPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>A new Standard Webhooks secret.</summary>
    public static string NewWebhookSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The secrets that sign a message sent at <paramref name="now"/>: the current one, and the previous one during its grace period.</summary>
    public IEnumerable<string> SigningSecrets(DateTimeOffset now)
    {
        yield return WebhookSecret;
        if (PreviousWebhookSecret is { } previous && PreviousWebhookSecretUntil is { } until && now < until)
        {
            yield return previous;
        }
    }

    public static string Hash(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
}
