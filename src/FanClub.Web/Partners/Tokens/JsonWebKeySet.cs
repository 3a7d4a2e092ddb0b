using System.Text.Json;
using System.Text.Json.Serialization;

namespace FanClub.Web.Partners.Tokens;

/// <summary>
/// One public key of a JWKS document (RFC 7517): always an ES256 signing key on P-256, with
/// <c>x</c> and <c>y</c> as base64url big-endian coordinates of 32 bytes each.
/// </summary>
public sealed record JsonWebKey(
    [property: JsonPropertyName("kty")] string KeyType,
    [property: JsonPropertyName("crv")] string Curve,
    [property: JsonPropertyName("x")] string X,
    [property: JsonPropertyName("y")] string Y,
    [property: JsonPropertyName("kid")] string KeyId,
    [property: JsonPropertyName("use")] string? Use,
    [property: JsonPropertyName("alg")] string? Algorithm);

/// <summary>The document served at <c>/.well-known/jwks.json</c>: every key whose tokens may still be in use.</summary>
public sealed record JsonWebKeySet([property: JsonPropertyName("keys")] IReadOnlyList<JsonWebKey> Keys)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The document as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a JWKS document, e.g. one fetched from FanClub; throws <see cref="JsonException"/> on a malformed one.</summary>
    public static JsonWebKeySet Parse(string json) =>
        JsonSerializer.Deserialize<JsonWebKeySet>(json, Json) is { Keys: not null } set
            ? set
            : throw new JsonException("Not a JWKS document: no \"keys\" array.");
}
