using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using FanClub.Web.Partners.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace FanClub.Web.Tests.Partners;

/// <summary>The stream URL tokens, checked against values computed outside FanClub's code.</summary>
public sealed class StreamTokenTests
{
    private const string NginxSecret = "fanclub-test-secret-0123456789abcdef";
    private const string AkamaiKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private static readonly DateTimeOffset Expires = DateTimeOffset.FromUnixTimeSeconds(2_000_000_000);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    [Fact]
    public void Nginx_prefix_token_is_the_md5_of_expiry_prefix_and_secret_in_base64url()
    {
        var token = new NginxSecureLink(NginxSecret, TimeSpan.FromMinutes(5), _time).SignPrefix("/live/s1/", Expires);

        // Built by hand, the way nginx reads secure_link_md5 "$secure_link_expires/live/$stream/ <secret>".
#pragma warning disable CA5351 // nginx's secure_link is MD5.
        var expected = Base64Url.EncodeToString(MD5.HashData(Encoding.UTF8.GetBytes("2000000000/live/s1/ " + NginxSecret)));
#pragma warning restore CA5351
        Assert.Equal(expected, token.Md5);
        // printf '%s' '2000000000/live/s1/ fanclub-test-secret-0123456789abcdef' \
        //   | openssl md5 -binary | openssl base64 | tr +/ -_ | tr -d =
        Assert.Equal("TpkjFgiC_vOmIx0bapEZsA", token.Md5);
        Assert.Equal(2_000_000_000, token.Expires);
        Assert.Equal("md5=TpkjFgiC_vOmIx0bapEZsA&expires=2000000000", token.Query);
        Assert.Equal("/live/s1/seg0.ts?md5=TpkjFgiC_vOmIx0bapEZsA&expires=2000000000", token.AppendTo("/live/s1/seg0.ts"));
    }

    [Fact]
    public void Nginx_path_token_hashes_the_whole_uri()
    {
        var token = new NginxSecureLink(NginxSecret, TimeSpan.FromMinutes(5), _time).Sign("/live/s1/index.m3u8", Expires);

        // printf '%s' '2000000000/live/s1/index.m3u8 fanclub-test-secret-0123456789abcdef' \
        //   | openssl md5 -binary | openssl base64 | tr +/ -_ | tr -d =
        Assert.Equal("61g4lfYyy3gV02_rF420Sw", token.Md5);
    }

    [Fact]
    public void Nginx_default_expiry_is_the_lifetime_from_now()
    {
        var token = new NginxSecureLink(NginxSecret, TimeSpan.FromMinutes(5), _time).SignPrefix("/live/s1/");

        Assert.Equal(1_700_000_300, token.Expires);
        Assert.Equal(NginxSecureLink.ComputeHash(1_700_000_300, "/live/s1/", NginxSecret), token.Md5);
    }

    [Theory]
    [InlineData("live/s1/")] // relative
    [InlineData("/live/s1")] // would also cover /live/s10/
    [InlineData("/live/../s1/")]
    [InlineData("/live//s1/")]
    [InlineData("/live/s 1/")] // needs percent-encoding: what nginx hashes would differ
    [InlineData("/live/s1/?x=1")]
    public void Nginx_refuses_prefixes_it_cannot_sign_unambiguously(string prefix)
    {
        var signer = new NginxSecureLink(NginxSecret, TimeSpan.FromMinutes(5), _time);

        Assert.Throws<ArgumentException>(() => signer.SignPrefix(prefix, Expires));
    }

    [Fact]
    public void Akamai_stream_token_matches_an_independent_hmac()
    {
        var signer = new AkamaiEdgeAuth(AkamaiKey, TimeSpan.FromMinutes(5), _time);

        var token = signer.CreateToken(AkamaiEdgeAuth.StreamAcl("/live/s1/"));

        // python3 -c "import hmac,hashlib,binascii; s='st=1700000000~exp=1700000300~acl=/live/s1/*'; \
        //   k=binascii.a2b_hex('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'); \
        //   print(s+'~hmac='+hmac.new(k, s.encode(), hashlib.sha256).hexdigest())"
        Assert.Equal(
            "st=1700000000~exp=1700000300~acl=/live/s1/*~hmac=2b7dc263ca5c9e2854e0eb1ce27de1e48698291e0b9f70e1ed27f33051d98499",
            token);
        Assert.Equal(Hmac("st=1700000000~exp=1700000300~acl=/live/s1/*"), token[(token.LastIndexOf('=') + 1)..]);
    }

    [Fact]
    public void Akamai_token_with_several_acls_id_and_escaped_data()
    {
        var signer = new AkamaiEdgeAuth(AkamaiKey, TimeSpan.FromMinutes(5), _time, escapeEarly: true);
        var start = _time.GetUtcNow();

        var token = signer.CreateToken(["/live/s1/*", "/live/s2/*"], start, start.AddMinutes(5), sessionId: "session-42", data: "tier:gold");

        // Same python3 one-liner over 'st=1700000000~exp=1700000300~acl=/live/s1/*!/live/s2/*~id=session-42~data=tier%3agold'
        // ('tier%3agold' being re.sub('%..', lower, urllib.parse.quote_plus('tier:gold')), Akamai's escape_early).
        Assert.Equal(
            "st=1700000000~exp=1700000300~acl=/live/s1/*!/live/s2/*~id=session-42~data=tier%3agold" +
            "~hmac=b719891c4c0fefc47c802766b827f589126df25046ea43bbeba96d0c59e94442",
            token);
    }

    [Fact]
    public void Akamai_escape_early_is_pythons_quote_plus_in_lowercase()
    {
        // python3 -c "import re; from urllib.parse import quote_plus; \
        //   print(re.sub(r'(%..)', lambda m: m.group(1).lower(), quote_plus('tier:gold / vip')))"
        Assert.Equal("tier%3agold+%2f+vip", AkamaiEdgeAuth.EscapeEarly("tier:gold / vip"));
        Assert.Equal("a-b_c.d~e", AkamaiEdgeAuth.EscapeEarly("a-b_c.d~e"));
        Assert.Equal("caf%c3%a9", AkamaiEdgeAuth.EscapeEarly("café"));
    }

    [Fact]
    public void Akamai_acl_is_signed_unescaped_even_with_escape_early()
    {
        var start = _time.GetUtcNow();
        var token = new AkamaiEdgeAuth(AkamaiKey, TimeSpan.FromMinutes(5), _time, escapeEarly: true)
            .CreateToken(["/live/s1/*"], start, start.AddMinutes(5));

        Assert.StartsWith("st=1700000000~exp=1700000300~acl=/live/s1/*~hmac=", token, StringComparison.Ordinal);
        Assert.Equal("/live/s1/index.m3u8?__token__=" + token, AkamaiEdgeAuth.AppendTo("/live/s1/index.m3u8", token));
    }

    [Fact]
    public void Akamai_refuses_what_would_break_the_token_apart()
    {
        var signer = new AkamaiEdgeAuth(AkamaiKey, TimeSpan.FromMinutes(5), _time);
        var start = _time.GetUtcNow();

        Assert.Throws<ArgumentException>(() => signer.CreateToken(["/live/s1/*~exp=9999999999"], start, start.AddMinutes(5)));
        Assert.Throws<ArgumentException>(() => signer.CreateToken(["/live/s1/*!/admin/*"], start, start.AddMinutes(5)));
        Assert.Throws<ArgumentException>(() => signer.CreateToken(["/live/s1/*"], start, start.AddMinutes(5), data: "a~b"));
        Assert.Throws<ArgumentException>(() => signer.CreateToken(["/live/s1/*"], start, start));
        Assert.Throws<ArgumentException>(() => AkamaiEdgeAuth.StreamAcl("/live/s1"));
    }

    private static string Hmac(string signed) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromHexString(AkamaiKey), Encoding.UTF8.GetBytes(signed)));
}
