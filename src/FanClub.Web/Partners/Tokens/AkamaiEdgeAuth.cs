using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FanClub.Web.Partners.Tokens;

/// <summary>
/// Akamai EdgeAuth Token 2.0 (Auth Token 2.0 Verification behaviour) tokens, built the way
/// Akamai's reference generators (EdgeAuth-Token-Python, -Node, -Java) build them, with
/// algorithm <c>sha256</c>, field delimiter <c>~</c> and ACL delimiter <c>!</c>.
/// </summary>
/// <remarks>
/// <para>Token: <c>st={start}~exp={expiry}~acl={acl}[~id={id}][~data={data}]~hmac={hex}</c>, where
/// <c>hmac</c> is the lowercase hex HMAC-SHA256, keyed with the hex-decoded key, of every field before
/// it joined by <c>~</c>. Times are Unix seconds. Sent as <c>?__token__=...</c> (see <see cref="TokenName"/>).</para>
/// <para>ACLs are written as given, never escaped (as the Python and Node generators do; the Java one
/// escapes them with escape-early, which would turn <c>/live/s1/*</c> into a string no edge matches).
/// With <c>escapeEarly</c> on, <c>id</c> and <c>data</c> are escaped like Python's <c>quote_plus</c> with
/// lowercase hex, as the reference generators do; the edge's "escape early" setting must agree.</para>
/// <para>Not produced: IP-bound tokens, URL (rather than ACL) tokens and salts.</para>
/// </remarks>
public sealed class AkamaiEdgeAuth
{
    /// <summary>The query parameter (or cookie) name Akamai looks for by default.</summary>
    public const string TokenName = "__token__";

    private const char FieldDelimiter = '~';
    private const char AclDelimiter = '!';

    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly bool _escapeEarly;

    /// <param name="hexKey">The token key configured in the Akamai property, in hex (<see cref="PartnerTokenOptions.AkamaiKey"/>).</param>
    /// <param name="lifetime">How long tokens without an explicit expiry live.</param>
    /// <param name="time">The clock for <c>st</c> and the default expiry.</param>
    /// <param name="escapeEarly">Whether <c>id</c> and <c>data</c> are URL-escaped before signing; must match the edge.</param>
    public AkamaiEdgeAuth(string hexKey, TimeSpan lifetime, TimeProvider time, bool escapeEarly = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hexKey);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        _key = Convert.FromHexString(hexKey);
        Lifetime = lifetime;
        _time = time;
        _escapeEarly = escapeEarly;
    }

    /// <summary>Lifetime of tokens created without an explicit expiry.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>The ACL covering everything under one stream's directory: <c>/live/s1/</c> gives <c>/live/s1/*</c>.</summary>
    public static string StreamAcl(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (prefix[0] != '/' || !prefix.EndsWith('/'))
        {
            // Without the trailing slash, /live/s1* would also match /live/s10/.
            throw new ArgumentException("A stream prefix starts and ends with '/'.", nameof(prefix));
        }

        return prefix + "*";
    }

    /// <summary>A token for <paramref name="acl"/> valid from now for <see cref="Lifetime"/>.</summary>
    public string CreateToken(string acl, string? sessionId = null, string? data = null)
    {
        var now = _time.GetUtcNow();
        return CreateToken([acl], now, now + Lifetime, sessionId, data);
    }

    /// <summary>
    /// A token for the ACLs (joined by <c>!</c>; each may use <c>*</c> as a wildcard), valid from
    /// <paramref name="start"/> to <paramref name="expires"/>, with an optional session <c>id</c> and <c>data</c>.
    /// </summary>
    public string CreateToken(IReadOnlyList<string> acl, DateTimeOffset start, DateTimeOffset expires,
        string? sessionId = null, string? data = null)
    {
        ArgumentNullException.ThrowIfNull(acl);
        if (acl.Count == 0)
        {
            throw new ArgumentException("At least one ACL is required.", nameof(acl));
        }

        foreach (var entry in acl)
        {
            ArgumentException.ThrowIfNullOrEmpty(entry, nameof(acl));
            if (entry.Contains(FieldDelimiter, StringComparison.Ordinal) || entry.Contains(AclDelimiter, StringComparison.Ordinal))
            {
                throw new ArgumentException($"An ACL must not contain '{FieldDelimiter}' or '{AclDelimiter}'.", nameof(acl));
            }
        }

        var st = start.ToUnixTimeSeconds();
        var exp = expires.ToUnixTimeSeconds();
        if (exp <= st)
        {
            throw new ArgumentException("The token would already be expired.", nameof(expires));
        }

        var fields = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"st={st}"),
            string.Create(CultureInfo.InvariantCulture, $"exp={exp}"),
            "acl=" + string.Join(AclDelimiter, acl),
        };
        if (!string.IsNullOrEmpty(sessionId))
        {
            fields.Add("id=" + Field(sessionId, nameof(sessionId)));
        }

        if (!string.IsNullOrEmpty(data))
        {
            fields.Add("data=" + Field(data, nameof(data)));
        }

        var signed = string.Join(FieldDelimiter, fields);
        var hmac = Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(signed)));
        return signed + FieldDelimiter + "hmac=" + hmac;
    }

    /// <summary><paramref name="pathAndQuery"/> with <c>__token__=</c><paramref name="token"/> appended (the token needs no escaping).</summary>
    public static string AppendTo(string pathAndQuery, string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathAndQuery);
        ArgumentException.ThrowIfNullOrEmpty(token);
        return pathAndQuery + (pathAndQuery.Contains('?', StringComparison.Ordinal) ? '&' : '?') + TokenName + "=" + token;
    }

    /// <summary>
    /// Python's <c>quote_plus(text)</c> with its hex lowercased: what the reference generators
    /// apply to <c>id</c> and <c>data</c> when escape-early is on.
    /// </summary>
    public static string EscapeEarly(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~')
            {
                escaped.Append(c);
            }
            else if (c == ' ')
            {
                escaped.Append('+');
            }
            else
            {
                escaped.Append('%').Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }

    private string Field(string value, string parameter)
    {
        if (_escapeEarly)
        {
            // quote_plus keeps '~' as it is, so even escaped it would split the token.
            value = EscapeEarly(value);
        }

        if (value.Contains(FieldDelimiter, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The value must not contain '{FieldDelimiter}'.", parameter);
        }

        return value;
    }
}
