using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FanClub.Domain.Common;

namespace FanClub.Web.Partners.Tokens;

/// <summary>
/// Verifies a FanClub JWT the way an external partner does: offline, against a JWKS document,
/// with no call back to FanClub. Used by FanClub's own introspection and as the reference for partners.
/// </summary>
/// <remarks>
/// Refused: anything but three base64url parts; an <c>alg</c> other than <c>ES256</c> (so <c>none</c>
/// and HMAC confusion are impossible); a <c>crit</c> header; an unknown <c>kid</c>; a bad signature;
/// another <c>iss</c> or <c>aud</c>; a token past <c>exp</c> or before <c>nbf</c> beyond the clock skew;
/// a token without <c>sub</c>, <c>exp</c> or <c>jti</c>.
/// </remarks>
public sealed class JwtValidator
{
    /// <summary>Default tolerance for clocks that disagree.</summary>
    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Past this many remembered tokens the memo starts over.</summary>
    private const int MaxRemembered = 100_000;

    private readonly Dictionary<string, Verifier> _keys = new(StringComparer.Ordinal);

    /// <summary>
    /// Tokens whose signature, issuer and audience checked out, so a token presented again (a
    /// partner introspects a viewer's token more than once) costs a lookup, not an ECDSA
    /// verification (~60 µs here). Expired entries go at <see cref="MaxRemembered"/>.
    /// </summary>
    private readonly ConcurrentDictionary<string, ValidatedJwt> _verified = new(StringComparer.Ordinal);
    private readonly string _issuer;
    private readonly string _audience;
    private readonly TimeProvider _time;
    private readonly TimeSpan _skew;

    /// <param name="jwks">The published keys. Keys that are not ES256 on P-256 are ignored.</param>
    /// <param name="issuer">The expected <c>iss</c>.</param>
    /// <param name="audience">The expected <c>aud</c>: the partner's own id.</param>
    /// <param name="time">The clock.</param>
    /// <param name="clockSkew">Tolerance on <c>exp</c> and <c>nbf</c>; <see cref="DefaultClockSkew"/> if null.</param>
    public JwtValidator(JsonWebKeySet jwks, string issuer, string audience, TimeProvider time, TimeSpan? clockSkew = null)
    {
        ArgumentNullException.ThrowIfNull(jwks);
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        foreach (var jwk in jwks.Keys)
        {
            if (ToVerifier(jwk) is { } verifier)
            {
                _keys[jwk.KeyId] = verifier;
            }
        }

        _issuer = issuer;
        _audience = audience;
        _time = time;
        _skew = clockSkew ?? DefaultClockSkew;
    }

    /// <summary>The token's claims if it is genuine, meant for this partner and current; otherwise why not.</summary>
    public Result<ValidatedJwt> Validate(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Fail("jwt.malformed", "No token.");
        }

        // The same bytes under the same keys verify the same way: only the clock is asked again.
        if (_verified.TryGetValue(token, out var known))
        {
            return OutsideItsTime(known.ExpiresAt, known.NotBefore, _time.GetUtcNow()) ?? Result.Ok(known);
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || !TryDecode(parts[0], out var headerBytes) || !TryDecode(parts[1], out var payloadBytes)
            || !TryDecode(parts[2], out var signature))
        {
            return Fail("jwt.malformed", "Not a compact JWS of three base64url parts.");
        }

        try
        {
            using var header = JsonDocument.Parse(headerBytes);
            using var payload = JsonDocument.Parse(payloadBytes);
            if (header.RootElement.ValueKind != JsonValueKind.Object || payload.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Fail("jwt.malformed", "Header and payload must be JSON objects.");
            }

            var validated = Validate(header.RootElement, payload.RootElement, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature);
            if (validated.Succeeded)
            {
                Remember(token, validated.Value);
            }

            return validated;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentOutOfRangeException)
        {
            return Fail("jwt.malformed", "Header or payload is not valid JSON of the expected shape.");
        }
    }

    private Result<ValidatedJwt> Validate(JsonElement header, JsonElement payload, byte[] signingInput, byte[] signature)
    {
        if (Text(header, "alg") != "ES256")
        {
            return Fail("jwt.algorithm", "Only ES256 is accepted.");
        }

        if (header.TryGetProperty("crit", out _))
        {
            return Fail("jwt.malformed", "Critical header extensions are not supported.");
        }

        if (Text(header, "kid") is not { } keyId || !_keys.TryGetValue(keyId, out var verifier))
        {
            return Fail("jwt.unknown_key", "The token names no published key.");
        }

        if (signature.Length != 64 || !verifier.Verify(signingInput, signature))
        {
            return Fail("jwt.signature", "The signature does not match.");
        }

        if (Text(payload, "iss") != _issuer)
        {
            return Fail("jwt.issuer", "The token comes from another issuer.");
        }

        if (!HasAudience(payload, _audience))
        {
            return Fail("jwt.audience", "The token is meant for another partner.");
        }

        var now = _time.GetUtcNow();
        if (Time(payload, "exp") is not { } expiresAt || Text(payload, "sub") is not { } subject || Text(payload, "jti") is not { } id)
        {
            return Fail("jwt.malformed", "The token lacks exp, sub or jti.");
        }

        var notBefore = Time(payload, "nbf");
        if (OutsideItsTime(expiresAt, notBefore, now) is { } late)
        {
            return late;
        }

        var entitlements = payload.TryGetProperty("ent", out var ent) && ent.ValueKind == JsonValueKind.Array
            ? [.. ent.EnumerateArray().Select(e => e.GetString() ?? throw new FormatException("ent holds a non-string."))]
            : Array.Empty<string>();

        return Result.Ok(new ValidatedJwt(id, subject, _audience, _issuer, Text(payload, "sid"), entitlements,
            Time(payload, "iat"), notBefore, expiresAt, keyId));
    }

    private Result<ValidatedJwt>? OutsideItsTime(DateTimeOffset expiresAt, DateTimeOffset? notBefore, DateTimeOffset now)
    {
        if (now >= expiresAt + _skew)
        {
            return Fail("jwt.expired", "The token has expired.");
        }

        if (notBefore is not null && now < notBefore - _skew)
        {
            return Fail("jwt.not_yet_valid", "The token is not valid yet.");
        }

        return null;
    }

    private static bool HasAudience(JsonElement payload, string audience) =>
        payload.TryGetProperty("aud", out var aud) && aud.ValueKind switch
        {
            JsonValueKind.String => aud.GetString() == audience,
            JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == audience),
            _ => false,
        };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // NumericDate: seconds, possibly fractional (RFC 7519 section 2).
    private static DateTimeOffset? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.UnixEpoch.AddSeconds(value.GetDouble())
            : null;

    private static bool TryDecode(string part, out byte[] bytes)
    {
        // Base64Url tolerates padding and whitespace; a JWS part has neither.
        if (part.Length == 0 || !part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            bytes = [];
            return false;
        }

        try
        {
            bytes = Base64Url.DecodeFromChars(part);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private void Remember(string token, ValidatedJwt jwt)
    {
        if (_verified.Count >= MaxRemembered)
        {
            _verified.Clear();
        }

        _verified[token] = jwt;
    }

    private static Verifier? ToVerifier(JsonWebKey jwk)
    {
        if (jwk is not { KeyType: "EC", Curve: "P-256" } || jwk.Use is not (null or "sig") || jwk.Algorithm is not (null or "ES256")
            || !TryDecode(jwk.X, out var x) || !TryDecode(jwk.Y, out var y) || x.Length != 32 || y.Length != 32)
        {
            return null;
        }

        var parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } };
        try
        {
            // Refuses points that are not on the curve; the key is kept for the first verification.
            return new Verifier(parameters, ECDsa.Create(parameters));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// One published key, imported once: an ECDsa object is not documented as thread-safe, so each
    /// verification borrows one and gives it back (as many exist as verifications ran at once).
    /// Importing a key costs more than verifying with it.
    /// </summary>
    private sealed class Verifier
    {
        private readonly ECParameters _parameters;
        private readonly ConcurrentBag<ECDsa> _idle = [];

        public Verifier(ECParameters parameters, ECDsa first)
        {
            _parameters = parameters;
            _idle.Add(first);
        }

        public bool Verify(byte[] data, byte[] signature)
        {
            var ecdsa = _idle.TryTake(out var idle) ? idle : ECDsa.Create(_parameters);
            try
            {
                return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
            finally
            {
                _idle.Add(ecdsa);
            }
        }
    }
    private static Result<ValidatedJwt> Fail(string code, string message) => Result.Fail<ValidatedJwt>(code, message);
}

/// <summary>The claims of a token <see cref="JwtValidator"/> accepted.</summary>
public sealed record ValidatedJwt(
    string Id,
    string Subject,
    string Audience,
    string Issuer,
    string? SessionId,
    IReadOnlyList<string> Entitlements,
    DateTimeOffset? IssuedAt,
    DateTimeOffset? NotBefore,
    DateTimeOffset ExpiresAt,
    string KeyId);
