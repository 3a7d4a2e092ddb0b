using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace FanClub.Web.Partners.Tokens;

/// <summary>
/// Issues the ES256 JWTs partners (chat and anything that is not a stream URL) verify offline
/// against <c>/.well-known/jwks.json</c>.
/// </summary>
/// <remarks>
/// Header <c>{"alg":"ES256","typ":"JWT","kid":...}</c>; payload <c>iss</c>, <c>sub</c> (member id),
/// <c>aud</c> (partner id, a single string), <c>iat</c>, <c>nbf</c>, <c>exp</c> (Unix seconds),
/// <c>jti</c>, <c>sid</c> (session id) and <c>ent</c> (entitlement keys); signature R||S, 64 bytes.
/// </remarks>
public sealed class JwtIssuer
{
    private readonly JwtKeyRing _keys;
    private readonly TimeProvider _time;

    /// <param name="keys">The signing keys.</param>
    /// <param name="issuer">The <c>iss</c>.</param>
    /// <param name="lifetime">Time from <c>iat</c> to <c>exp</c>.</param>
    /// <param name="time">The clock.</param>
    public JwtIssuer(JwtKeyRing keys, string issuer, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        _keys = keys;
        Issuer = issuer;
        Lifetime = lifetime;
        _time = time;
    }

    public string Issuer { get; }

    public TimeSpan Lifetime { get; }

    /// <summary>A token saying that <paramref name="subject"/> holds <paramref name="entitlements"/>, for one partner.</summary>
    /// <param name="subject">The member's id (<c>sub</c>).</param>
    /// <param name="audience">The partner's id (<c>aud</c>): a token for one partner is refused by the others.</param>
    /// <param name="sessionId">The member's session (<c>sid</c>), so a partner can tie the token to one player or connection.</param>
    /// <param name="entitlements">The entitlement keys granted now (<c>ent</c>), e.g. <c>chat:premium</c>.</param>
    public IssuedJwt Issue(string subject, string audience, string sessionId, IEnumerable<string> entitlements)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        ArgumentNullException.ThrowIfNull(entitlements);

        var key = _keys.Current;
        var now = _time.GetUtcNow();
        // Whole seconds: NumericDate is seconds, and iat + lifetime must equal exp exactly.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var expiresAt = issuedAt + Lifetime;
        var id = Guid.CreateVersion7(now).ToString("N");

        var header = Encode(writer =>
        {
            writer.WriteString("alg", "ES256");
            writer.WriteString("typ", "JWT");
            writer.WriteString("kid", key.KeyId);
        });
        var payload = Encode(writer =>
        {
            writer.WriteString("iss", Issuer);
            writer.WriteString("sub", subject);
            writer.WriteString("aud", audience);
            writer.WriteNumber("iat", issuedAt.ToUnixTimeSeconds());
            writer.WriteNumber("nbf", issuedAt.ToUnixTimeSeconds());
            writer.WriteNumber("exp", expiresAt.ToUnixTimeSeconds());
            writer.WriteString("jti", id);
            writer.WriteString("sid", sessionId);
            writer.WriteStartArray("ent");
            foreach (var entitlement in entitlements)
            {
                writer.WriteStringValue(entitlement);
            }

            writer.WriteEndArray();
        });

        var signingInput = Encoding.ASCII.GetBytes(header + "." + payload);
        var signature = Base64Url.EncodeToString(key.Sign(signingInput));
        return new IssuedJwt(header + "." + payload + "." + signature, id, key.KeyId, issuedAt, expiresAt);
    }

    private static string Encode(Action<Utf8JsonWriter> writeMembers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.ToArray());
    }
}

/// <summary>A token from <see cref="JwtIssuer"/>.</summary>
/// <param name="Token">The compact JWS.</param>
/// <param name="Id">Its <c>jti</c>.</param>
/// <param name="KeyId">The <c>kid</c> of the key that signed it.</param>
/// <param name="IssuedAt"><c>iat</c> and <c>nbf</c>.</param>
/// <param name="ExpiresAt"><c>exp</c>.</param>
public sealed record IssuedJwt(string Token, string Id, string KeyId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
