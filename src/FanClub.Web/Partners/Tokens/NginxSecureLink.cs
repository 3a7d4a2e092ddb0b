using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FanClub.Web.Partners.Tokens;

/// <summary>
/// URL tokens for nginx's <c>secure_link</c> module (ngx_http_secure_link_module), in the
/// "md5 + expires" form of the nginx documentation, without the client address: members'
/// addresses change as phones move between networks.
/// </summary>
/// <remarks>
/// <para>The signed string is <see cref="Md5Expression"/> with nginx's variables filled in:
/// <c>{expires}{path} {secret}</c>, where <c>expires</c> is Unix seconds and <c>path</c> is either
/// the exact <c>$uri</c> (<see cref="Sign(string, DateTimeOffset)"/>) or a directory prefix that the
/// nginx location captures from the URI (<see cref="SignPrefix(string, DateTimeOffset)"/>). The MD5
/// digest is sent base64url-encoded without padding in <c>md5</c>, the expiry in <c>expires</c>.</para>
/// <para>A prefix token is the one to use for HLS: the same query string is valid for the playlist and
/// every segment of one stream (<c>/live/s1/...</c>) and for nothing else, so a player appends it to each
/// request and the playlist needs no rewriting. docs/partners.md has the matching nginx configuration.</para>
/// </remarks>
public sealed class NginxSecureLink
{
    /// <summary>
    /// The <c>secure_link_md5</c> expression for whole-URI tokens; a prefix token replaces
    /// <c>$uri</c> by the captured prefix (e.g. <c>/live/$stream/</c>). The secret follows one space.
    /// </summary>
    public const string Md5Expression = "$secure_link_expires$uri <secret>";

    /// <summary>Query parameter carrying the base64url MD5 (<c>secure_link $arg_md5,$arg_expires</c>).</summary>
    public const string HashParameter = "md5";

    /// <summary>Query parameter carrying the expiry in Unix seconds.</summary>
    public const string ExpiresParameter = "expires";

    private readonly string _secret;
    private readonly TimeProvider _time;

    /// <param name="secret">The secret also written in the nginx configuration; see <see cref="PartnerTokenOptions.NginxSecret"/>.</param>
    /// <param name="lifetime">How long tokens from <see cref="SignPrefix(string)"/> and <see cref="Sign(string)"/> live.</param>
    /// <param name="time">The clock the default expiry is counted from.</param>
    public NginxSecureLink(string secret, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        _secret = secret;
        Lifetime = lifetime;
        _time = time;
    }

    /// <summary>Lifetime of tokens signed without an explicit expiry.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>A token for exactly one path (nginx's <c>$uri</c>, decoded and normalised), valid <see cref="Lifetime"/> from now.</summary>
    public NginxSecureLinkToken Sign(string path) => Sign(path, _time.GetUtcNow() + Lifetime);

    /// <summary>A token for exactly one path (nginx's <c>$uri</c>, decoded and normalised), valid until <paramref name="expires"/>.</summary>
    public NginxSecureLinkToken Sign(string path, DateTimeOffset expires)
    {
        CheckPath(path, nameof(path));
        return Create(path, expires);
    }

    /// <summary>A token for every path under <paramref name="prefix"/> (which ends with <c>/</c>), valid <see cref="Lifetime"/> from now.</summary>
    public NginxSecureLinkToken SignPrefix(string prefix) => SignPrefix(prefix, _time.GetUtcNow() + Lifetime);

    /// <summary>
    /// A token for every path under <paramref name="prefix"/>, e.g. <c>/live/s1/</c>, valid until
    /// <paramref name="expires"/>. Only works behind a location that hashes the same prefix.
    /// </summary>
    public NginxSecureLinkToken SignPrefix(string prefix, DateTimeOffset expires)
    {
        CheckPath(prefix, nameof(prefix));
        if (!prefix.EndsWith('/'))
        {
            // Without the slash, a token for /live/s1 would also open /live/s10/.
            throw new ArgumentException("A prefix must end with '/'.", nameof(prefix));
        }

        return Create(prefix, expires);
    }

    /// <summary>
    /// The base64url (no padding) MD5 of <c>{expires}{path} {secret}</c>: what nginx computes from
    /// <see cref="Md5Expression"/>. Public so partners and tests can see the exact construction.
    /// </summary>
    public static string ComputeHash(long expires, string path, string secret)
    {
        var signed = string.Create(CultureInfo.InvariantCulture, $"{expires}{path} {secret}");
#pragma warning disable CA5351 // MD5 is what nginx secure_link computes; the secret and the short lifetime carry the security.
        var digest = MD5.HashData(Encoding.UTF8.GetBytes(signed));
#pragma warning restore CA5351
        return Base64Url.EncodeToString(digest);
    }

    private NginxSecureLinkToken Create(string path, DateTimeOffset expires)
    {
        var seconds = expires.ToUnixTimeSeconds();
        return new NginxSecureLinkToken(path, ComputeHash(seconds, path, _secret), seconds);
    }

    // Paths are signed as nginx sees them after decoding and normalising ($uri). Allowing only
    // characters that never need percent-encoding, and no dot segments, keeps what is signed and
    // what nginx hashes the same string.
    private static void CheckPath(string path, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, parameter);
        if (path[0] != '/' || path.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException("The path must be absolute and have no empty segment.", parameter);
        }

        foreach (var c in path)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "/-._~!$&'()*+,;=:@".Contains(c, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"The path contains '{c}', which would need percent-encoding.", parameter);
            }
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "." or "..")
            {
                throw new ArgumentException("The path must not contain '.' or '..' segments.", parameter);
            }
        }
    }
}

/// <summary>An nginx <c>secure_link</c> token: the base64url MD5 and the expiry, for the query string.</summary>
/// <param name="Path">The exact path or the prefix that was signed.</param>
/// <param name="Md5">Base64url MD5 without padding (query parameter <c>md5</c>).</param>
/// <param name="Expires">Expiry in Unix seconds (query parameter <c>expires</c>).</param>
public sealed record NginxSecureLinkToken(string Path, string Md5, long Expires)
{
    /// <summary>The expiry as a date.</summary>
    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(Expires);

    /// <summary><c>md5=...&amp;expires=...</c>; both values are URL-safe as they are.</summary>
    public string Query => string.Create(CultureInfo.InvariantCulture,
        $"{NginxSecureLink.HashParameter}={Md5}&{NginxSecureLink.ExpiresParameter}={Expires}");

    /// <summary>
    /// <paramref name="pathAndQuery"/> with the token appended, e.g. <c>/live/s1/seg0.ts?md5=..&amp;expires=..</c>
    /// (a path under a prefix token, or the signed path itself).
    /// </summary>
    public string AppendTo(string pathAndQuery)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathAndQuery);
        return pathAndQuery + (pathAndQuery.Contains('?', StringComparison.Ordinal) ? '&' : '?') + Query;
    }
}
