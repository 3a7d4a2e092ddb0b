using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace FanClub.Web.Partners.Tokens;

/// <summary>An ES256 (ECDSA P-256, SHA-256) key of the JWT key ring.</summary>
public sealed class JwtSigningKey
{
    private readonly ECParameters _parameters;

    private JwtSigningKey(ECParameters parameters, DateTimeOffset createdAt, DateTimeOffset activatesAt)
    {
        _parameters = parameters;
        CreatedAt = createdAt;
        ActivatesAt = activatesAt;
        PublicKey = ToJwk(parameters);
    }

    /// <summary>The <c>kid</c>: the RFC 7638 thumbprint of the public key, so it names the key and nothing else.</summary>
    public string KeyId => PublicKey.KeyId;

    public DateTimeOffset CreatedAt { get; }

    /// <summary>From when the key signs. Until then it is only published, so partners' cached JWKS already hold it.</summary>
    public DateTimeOffset ActivatesAt { get; }

    /// <summary>The public half, as published in the JWKS.</summary>
    public JsonWebKey PublicKey { get; }

    /// <summary>A new random P-256 key.</summary>
    public static JwtSigningKey Generate(DateTimeOffset createdAt, DateTimeOffset activatesAt)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new JwtSigningKey(ecdsa.ExportParameters(includePrivateParameters: true), createdAt, activatesAt);
    }

    /// <summary>A key read back from an <see cref="IJwtKeyStore"/>.</summary>
    public static JwtSigningKey FromStored(StoredJwtKey stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(stored.PrivateKeyPem);
        var parameters = ecdsa.ExportParameters(includePrivateParameters: true);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new CryptographicException($"JWT key {stored.KeyId} is not a P-256 key.");
        }

        var key = new JwtSigningKey(parameters, stored.CreatedAt, stored.ActivatesAt);
        if (key.KeyId != stored.KeyId)
        {
            throw new CryptographicException($"JWT key file {stored.KeyId} holds key {key.KeyId}.");
        }

        return key;
    }

    /// <summary>The form an <see cref="IJwtKeyStore"/> keeps: the private key as PKCS#8 PEM.</summary>
    public StoredJwtKey ToStored()
    {
        using var ecdsa = ECDsa.Create(_parameters);
        return new StoredJwtKey(KeyId, ecdsa.ExportPkcs8PrivateKeyPem(), CreatedAt, ActivatesAt);
    }

    /// <summary>The raw R||S signature (IEEE P1363, 64 bytes) that JWS ES256 requires.</summary>
    internal byte[] Sign(ReadOnlySpan<byte> data)
    {
        // One ECDsa per signature: instances are not documented as thread-safe, and creating one is cheap.
        using var ecdsa = ECDsa.Create(_parameters);
        return ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static JsonWebKey ToJwk(ECParameters parameters)
    {
        var x = Base64Url.EncodeToString(parameters.Q.X);
        var y = Base64Url.EncodeToString(parameters.Q.Y);
        // RFC 7638: SHA-256 of the required members in lexicographic order, no whitespace.
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""";
        var thumbprint = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        return new JsonWebKey("EC", "P-256", x, y, thumbprint, "sig", "ES256");
    }
}
