using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FanClub.Web.Partners.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace FanClub.Web.Tests.Partners;

/// <summary>Partner JWTs: the wire format, offline verification as a partner does it, tampering and key rotation.</summary>
public sealed class JwtTests
{
    private const string Issuer = "https://fanclub.test";
    private const string Partner = "chat-partner";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly MemoryKeyStore _store = new();
    private readonly JwtKeyRing _keys;
    private readonly JwtIssuer _issuer;

    public JwtTests()
    {
        _keys = new JwtKeyRing(_store, TimeSpan.FromMinutes(5), _time);
        _issuer = new JwtIssuer(_keys, Issuer, TimeSpan.FromMinutes(5), _time);
    }

    [Fact]
    public void Token_has_the_documented_header_and_claims()
    {
        var issued = Issue();

        var parts = issued.Token.Split('.');
        Assert.Equal(3, parts.Length);
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());
        Assert.Equal(_keys.Current.KeyId, header.RootElement.GetProperty("kid").GetString());

        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var claims = payload.RootElement;
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(Issuer, claims.GetProperty("iss").GetString());
        Assert.Equal("member-7", claims.GetProperty("sub").GetString());
        Assert.Equal(Partner, claims.GetProperty("aud").GetString());
        Assert.Equal(now, claims.GetProperty("iat").GetInt64());
        Assert.Equal(now, claims.GetProperty("nbf").GetInt64());
        Assert.Equal(now + 300, claims.GetProperty("exp").GetInt64());
        Assert.Equal(issued.Id, claims.GetProperty("jti").GetString());
        Assert.Equal("session-1", claims.GetProperty("sid").GetString());
        Assert.Equal(["chat:premium", "live:concert"], claims.GetProperty("ent").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(64, Base64Url.DecodeFromChars(parts[2]).Length);
    }

    [Fact]
    public void Signature_verifies_with_a_key_built_from_the_published_jwks_alone()
    {
        var issued = Issue();
        // What a partner has: the JSON document, nothing of FanClub's code.
        using var jwks = JsonDocument.Parse(_keys.Jwks.ToJson());
        var jwk = Assert.Single(jwks.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal("EC", jwk.GetProperty("kty").GetString());
        Assert.Equal("P-256", jwk.GetProperty("crv").GetString());
        Assert.Equal("sig", jwk.GetProperty("use").GetString());
        Assert.Equal("ES256", jwk.GetProperty("alg").GetString());
        Assert.Equal(issued.KeyId, jwk.GetProperty("kid").GetString());

        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = Base64Url.DecodeFromChars(jwk.GetProperty("x").GetString()),
                Y = Base64Url.DecodeFromChars(jwk.GetProperty("y").GetString()),
            },
        });
        var dot = issued.Token.LastIndexOf('.');
        var signingInput = Encoding.ASCII.GetBytes(issued.Token[..dot]);
        var signature = Base64Url.DecodeFromChars(issued.Token.AsSpan(dot + 1));

        Assert.True(ecdsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void Kid_is_the_rfc7638_thumbprint_of_the_public_key()
    {
        var jwk = _keys.Current.PublicKey;
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{jwk.X}}","y":"{{jwk.Y}}"}""";

        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), jwk.KeyId);
    }

    [Fact]
    public void Validator_accepts_a_fresh_token_and_returns_its_claims()
    {
        var issued = Issue();

        var result = PartnerValidator().Validate(issued.Token);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal("member-7", result.Value.Subject);
        Assert.Equal("session-1", result.Value.SessionId);
        Assert.Equal(issued.Id, result.Value.Id);
        Assert.Equal(["chat:premium", "live:concert"], result.Value.Entitlements);
        Assert.Equal(issued.ExpiresAt, result.Value.ExpiresAt);
    }

    [Fact]
    public void Changed_payload_is_refused()
    {
        var parts = Issue().Token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]))
            .Replace("\"chat:premium\"", "\"chat:admin\"", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        AssertRefused(forged, "jwt.signature");
    }

    [Fact]
    public void Alg_none_is_refused_with_or_without_a_signature()
    {
        var parts = Issue().Token.Split('.');
        var none = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $$"""{"alg":"none","typ":"JWT","kid":"{{_keys.Current.KeyId}}"}"""));

        AssertRefused($"{none}.{parts[1]}.", "jwt.malformed");
        AssertRefused($"{none}.{parts[1]}.{parts[2]}", "jwt.algorithm");
    }

    [Fact]
    public void Hmac_signed_with_the_public_key_is_refused()
    {
        var parts = Issue().Token.Split('.');
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $$"""{"alg":"HS256","typ":"JWT","kid":"{{_keys.Current.KeyId}}"}"""));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(_keys.Jwks.ToJson()), Encoding.ASCII.GetBytes($"{header}.{parts[1]}"));

        AssertRefused($"{header}.{parts[1]}.{Base64Url.EncodeToString(mac)}", "jwt.algorithm");
    }

    [Fact]
    public void Unknown_kid_is_refused()
    {
        var parts = Issue().Token.Split('.');
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"alg":"ES256","typ":"JWT","kid":"someone-elses-key"}"""));

        AssertRefused($"{header}.{parts[1]}.{parts[2]}", "jwt.unknown_key");
    }

    [Fact]
    public void Token_signed_by_a_key_that_is_not_published_is_refused()
    {
        var token = Issue().Token;
        var otherFanClub = new JwtKeyRing(new MemoryKeyStore(), TimeSpan.FromMinutes(5), _time);

        var result = new JwtValidator(otherFanClub.Jwks, Issuer, Partner, _time).Validate(token);

        Assert.Equal("jwt.unknown_key", result.Failure?.Code);
    }

    [Fact]
    public void Token_for_another_partner_or_from_another_issuer_is_refused()
    {
        var token = Issue().Token;

        Assert.Equal("jwt.audience", new JwtValidator(_keys.Jwks, Issuer, "video-partner", _time).Validate(token).Failure?.Code);
        Assert.Equal("jwt.issuer", new JwtValidator(_keys.Jwks, "https://evil.test", Partner, _time).Validate(token).Failure?.Code);
    }

    [Fact]
    public void A_token_verified_before_still_expires_and_a_tampered_copy_is_still_refused()
    {
        var token = Issue().Token;
        var validator = PartnerValidator();
        Assert.True(validator.Validate(token).Succeeded);

        var parts = token.Split('.');
        var forged = parts[0] + "." + parts[1] + "." + (parts[2][0] == 'A' ? "B" : "A") + parts[2][1..];
        Assert.Equal("jwt.signature", validator.Validate(forged).Failure?.Code);
        Assert.True(validator.Validate(token).Succeeded); // remembered: no second ECDSA verification

        _time.Advance(TimeSpan.FromMinutes(5) + JwtValidator.DefaultClockSkew);
        Assert.Equal("jwt.expired", validator.Validate(token).Failure?.Code);
    }

    [Fact]
    public void Token_expires_after_its_lifetime_and_the_clock_skew()
    {
        var token = Issue().Token;
        var validator = PartnerValidator();

        _time.Advance(TimeSpan.FromMinutes(5) + JwtValidator.DefaultClockSkew - TimeSpan.FromSeconds(1));
        Assert.True(validator.Validate(token).Succeeded);

        _time.Advance(TimeSpan.FromSeconds(1));
        AssertRefused(token, "jwt.expired");
    }

    [Fact]
    public void Token_from_the_future_is_refused()
    {
        var token = Issue().Token;
        var early = new FakeTimeProvider(_time.GetUtcNow() - TimeSpan.FromMinutes(1));

        Assert.Equal("jwt.not_yet_valid", new JwtValidator(_keys.Jwks, Issuer, Partner, early).Validate(token).Failure?.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("e30.e30.e30")] // {}.{}.{}
    [InlineData("W10.W10.AAAA")] // [].[]
    [InlineData("not base64!.x.y")]
    public void Garbage_is_refused_without_exceptions(string token) =>
        Assert.False(PartnerValidator().Validate(token).Succeeded);

    [Fact]
    public void Rotation_publishes_the_new_key_before_it_signs_and_keeps_the_old_one_until_its_tokens_expire()
    {
        var old = Issue();

        var next = _keys.Rotate();
        // Published at once, so partners' cached JWKS hold it before any token needs it...
        Assert.Equal([old.KeyId, next.KeyId], _keys.Jwks.Keys.Select(k => k.KeyId));
        // ...but it signs only once a JWKS cache period has passed.
        Assert.Equal(old.KeyId, Issue().KeyId);

        _time.Advance(JwtKeyRing.JwksCacheDuration);
        var fresh = Issue();
        Assert.Equal(next.KeyId, fresh.KeyId);
        Assert.Empty(_keys.RemoveRetired()); // the old key's last token lives until now + 5 min

        _time.Advance(TimeSpan.FromMinutes(5) + JwtKeyRing.ClockSkew);
        Assert.Equal([old.KeyId], _keys.RemoveRetired());
        Assert.Equal([next.KeyId], _keys.Jwks.Keys.Select(k => k.KeyId));
        Assert.Equal([next.KeyId], _store.LoadAll().Select(k => k.KeyId));
    }

    [Fact]
    public void Old_token_validates_while_its_key_is_published_and_is_refused_once_it_is_removed()
    {
        var lifetime = TimeSpan.FromHours(1); // long enough to outlive the rotation below
        var issuer = new JwtIssuer(_keys, Issuer, lifetime, _time);
        var old = issuer.Issue("member-7", Partner, "session-1", ["chat:premium"]);

        _keys.Rotate(activationDelay: TimeSpan.Zero);
        Assert.NotEqual(old.KeyId, issuer.Issue("member-7", Partner, "session-1", []).KeyId);
        Assert.True(PartnerValidator().Validate(old.Token).Succeeded);

        _keys.Remove(old.KeyId);

        AssertRefused(old.Token, "jwt.unknown_key");
    }

    [Fact]
    public void File_store_generates_a_key_on_first_use_and_keeps_it_private_and_shared()
    {
        var folder = Path.Combine(Path.GetTempPath(), "fanclub-jwt-" + Guid.NewGuid().ToString("N"), "keys");
        try
        {
            var first = new JwtKeyRing(new FileJwtKeyStore(folder), TimeSpan.FromMinutes(5), _time).Current;

            var file = Assert.Single(Directory.GetFiles(folder));
            Assert.Equal(first.KeyId + ".json", Path.GetFileName(file));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            }

            // Another node (or the next start) reading the same folder signs with the same key.
            var again = new JwtKeyRing(new FileJwtKeyStore(folder), TimeSpan.FromMinutes(5), _time);
            var token = new JwtIssuer(again, Issuer, TimeSpan.FromMinutes(5), _time).Issue("member-7", Partner, "s", []);
            Assert.Equal(first.KeyId, token.KeyId);
            Assert.True(new JwtValidator(JsonWebKeySet.Parse(KeysOf(first)), Issuer, Partner, _time).Validate(token.Token).Succeeded);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }

        static string KeysOf(JwtSigningKey key) => new JsonWebKeySet([key.PublicKey]).ToJson();
    }

    private IssuedJwt Issue() => _issuer.Issue("member-7", Partner, "session-1", ["chat:premium", "live:concert"]);

    // As a partner builds it: from the JSON document it downloaded.
    private JwtValidator PartnerValidator() => new(JsonWebKeySet.Parse(_keys.Jwks.ToJson()), Issuer, Partner, _time);

    private void AssertRefused(string token, string code)
    {
        var result = PartnerValidator().Validate(token);
        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Failure!.Code);
    }

    private sealed class MemoryKeyStore : IJwtKeyStore
    {
        private readonly Dictionary<string, StoredJwtKey> _keys = [];

        public IReadOnlyList<StoredJwtKey> LoadAll() => [.. _keys.Values];

        public void Save(StoredJwtKey key) => _keys[key.KeyId] = key;

        public void Delete(string keyId) => _keys.Remove(keyId);
    }
}
