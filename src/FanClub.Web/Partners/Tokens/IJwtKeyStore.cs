namespace FanClub.Web.Partners.Tokens;

/// <summary>A JWT signing key at rest.</summary>
/// <param name="KeyId">The key's <c>kid</c> (RFC 7638 thumbprint).</param>
/// <param name="PrivateKeyPem">The private key, PKCS#8 PEM.</param>
/// <param name="CreatedAt">When it was generated.</param>
/// <param name="ActivatesAt">From when it signs (it is published from the start).</param>
public sealed record StoredJwtKey(string KeyId, string PrivateKeyPem, DateTimeOffset CreatedAt, DateTimeOffset ActivatesAt);

/// <summary>
/// Where the JWT signing keys live. Every stored key is published in the JWKS; the key ring decides
/// which one signs. Implementations must be safe to share between nodes that read the same store.
/// </summary>
public interface IJwtKeyStore
{
    IReadOnlyList<StoredJwtKey> LoadAll();

    void Save(StoredJwtKey key);

    /// <summary>Removes a key; no effect when it is not there.</summary>
    void Delete(string keyId);
}
