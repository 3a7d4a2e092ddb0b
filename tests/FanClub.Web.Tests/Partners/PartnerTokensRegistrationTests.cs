using FanClub.Web.Partners.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Tests.Partners;

/// <summary>AddPartnerTokens and MapJwks on a bare host: settings checked at start-up, the JWKS served as partners fetch it.</summary>
public sealed class PartnerTokensRegistrationTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("fanclub-tokens-").FullName;

    [Fact]
    public async Task Jwks_is_served_publicly_cacheable_and_verifies_issued_tokens()
    {
        await using var app = await StartAsync([]);
        using var client = app.GetTestClient();

        var response = await client.GetAsync(new Uri(PartnerTokensExtensions.JwksPath, UriKind.Relative));

        response.EnsureSuccessStatusCode();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
        var jwks = JsonWebKeySet.Parse(await response.Content.ReadAsStringAsync());
        var token = app.Services.GetRequiredService<JwtIssuer>().Issue("member-1", "chat", "session", ["chat:premium"]);
        Assert.Contains(jwks.Keys, k => k.KeyId == token.KeyId);
        Assert.True(new JwtValidator(jwks, "fanclub", "chat", TimeProvider.System).Validate(token.Token).Succeeded);
        // The key went to the configured folder under the content root, not into the repository.
        Assert.Single(Directory.GetFiles(Path.Combine(_contentRoot, ".data", "keys", "jwt")));
    }

    [Fact]
    public async Task Configured_secrets_and_lifetimes_reach_the_signers()
    {
        await using var app = await StartAsync(new()
        {
            ["Partners:Tokens:NginxSecret"] = new string('n', 32),
            ["Partners:Tokens:AkamaiKey"] = new string('a', 32),
            ["Partners:Tokens:StreamTokenLifetime"] = "00:02:00",
            ["Partners:Tokens:JwtLifetime"] = "00:10:00",
            ["Partners:Tokens:Issuer"] = "https://fanclub.test",
        });

        Assert.Equal(TimeSpan.FromMinutes(2), app.Services.GetRequiredService<NginxSecureLink>().Lifetime);
        Assert.Equal(TimeSpan.FromMinutes(2), app.Services.GetRequiredService<AkamaiEdgeAuth>().Lifetime);
        var jwt = app.Services.GetRequiredService<JwtIssuer>();
        Assert.Equal(TimeSpan.FromMinutes(10), jwt.Lifetime);
        Assert.Equal("https://fanclub.test", jwt.Issuer);
    }

    [Fact]
    public async Task Edge_secrets_are_optional_but_asking_for_a_missing_one_names_the_setting()
    {
        await using var app = await StartAsync([]);

        var error = Assert.Throws<InvalidOperationException>(() => app.Services.GetRequiredService<NginxSecureLink>());
        Assert.Contains("Partners:Tokens:NginxSecret", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<InvalidOperationException>(() => app.Services.GetRequiredService<AkamaiEdgeAuth>());
        Assert.Contains("Partners:Tokens:AkamaiKey", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Partners:Tokens:NginxSecret", "too-short", "NginxSecret")]
    [InlineData("Partners:Tokens:NginxSecret", "has a space and \"quotes\" and $vars 0123456789", "NginxSecret")]
    [InlineData("Partners:Tokens:AkamaiKey", "not-hex-not-hex-not-hex-not-hex-", "AkamaiKey")]
    [InlineData("Partners:Tokens:AkamaiKey", "0011223344556677", "AkamaiKey")] // 8 bytes
    [InlineData("Partners:Tokens:StreamTokenLifetime", "00:00:00", "StreamTokenLifetime")]
    [InlineData("Partners:Tokens:JwtLifetime", "2.00:00:00", "JwtLifetime")]
    [InlineData("Partners:Tokens:Issuer", "", "Issuer")]
    public async Task Bad_settings_stop_the_host_at_start(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new() { [key] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    private async Task<WebApplication> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = _contentRoot });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddPartnerTokens(builder.Configuration);
        var app = builder.Build();
        app.MapJwks();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }
}
