using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FanClub.Domain.Common;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Tiers;
using FanClub.Web.Accounts;
using FanClub.Web.Data;
using FanClub.Web.Partners;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.Partners;

public sealed class PartnerApiTests(WebAppFixture fixture) : WebTest(fixture)
{
    private async Task<(string ApiKey, Guid Member, Tier Tier)> PartnerMemberAndTierAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        var (partner, key) = PartnerAccount.Create("chat-" + Guid.NewGuid().ToString("N")[..6], "Chat partner", null, Factory.Clock.GetUtcNow());
        db.Partners.Add(partner);
        var tier = Tier.Create(Guid.NewGuid(), "t" + Guid.NewGuid().ToString("N")[..8], new LocalizedText("VIP", "VIP"), new LocalizedText("VIP", "VIP"),
            new Money(1999, "EUR"), new Money(19990, "EUR"), 0, 0, [EntitlementKey.Parse("chat:premium"), EntitlementKey.Parse("stream:live")]).Value;
        db.Tiers.Add(tier);
        await db.SaveChangesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>();
        var user = new FanClubUser { UserName = $"p{Guid.NewGuid():N}@example.com", Email = $"p{Guid.NewGuid():N}@example.com", DisplayName = "P", EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        return (key, user.Id, tier);
    }

    private HttpClient Client(string? apiKey)
    {
        var client = Factory.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    private async Task CompAsync(Guid member, Guid tierId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        db.Comps.Add(Comp.Grant(Guid.NewGuid(), member, tierId, 7, "Contest", Guid.NewGuid(), Factory.Clock.GetUtcNow()).Value);
        await db.SaveChangesAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("fcp_0000000000000000000000000000000000000000000000")]
    [InlineData("sk_test_not_a_partner_key")]
    public async Task Without_a_valid_partner_key_the_api_answers_401(string? key)
    {
        var (_, member, _) = await PartnerMemberAndTierAsync();

        using var response = await Client(key).GetAsync(new Uri($"/api/partners/v1/members/{member}/entitlements", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_member_cookie_does_not_open_the_partner_api()
    {
        var (_, member, _) = await PartnerMemberAndTierAsync();
        var email = await Accounts.ConfirmedMemberAsync();
        var client = await Accounts.SignedInAsync(email);

        using var response = await client.Http.GetAsync(new Uri($"/api/partners/v1/members/{member}/entitlements", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Entitlements_list_each_key_with_its_source_and_end()
    {
        var (key, member, tier) = await PartnerMemberAndTierAsync();
        await CompAsync(member, tier.Id);

        var body = await Client(key).GetFromJsonAsync<JsonElement>(new Uri($"/api/partners/v1/members/{member}/entitlements", UriKind.Relative));

        Assert.False(body.GetProperty("banned").GetBoolean());
        var grants = body.GetProperty("grants").EnumerateArray().ToList();
        Assert.Equal(["chat:premium", "stream:live"], grants.Select(g => g.GetProperty("key").GetString()).Order(StringComparer.Ordinal));
        Assert.All(grants, g => Assert.Equal("comp", g.GetProperty("source").GetString()));
        Assert.All(grants, g => Assert.Equal(Factory.Clock.GetUtcNow().AddDays(7), g.GetProperty("endsAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task The_access_check_says_yes_with_the_reason_then_no_after_a_ban()
    {
        var (key, member, tier) = await PartnerMemberAndTierAsync();
        await CompAsync(member, tier.Id);
        var client = Client(key);

        var allowed = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/partners/v1/members/{member}/access?key=chat:premium", UriKind.Relative));
        Assert.True(allowed.GetProperty("allowed").GetBoolean());
        Assert.Equal("comp", allowed.GetProperty("reason").GetString());

        var other = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/partners/v1/members/{member}/access?key=stream:replays", UriKind.Relative));
        Assert.False(other.GetProperty("allowed").GetBoolean());
        Assert.Equal("not_entitled", other.GetProperty("reason").GetString());

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
            db.Bans.Add(Ban.Impose(Guid.NewGuid(), member, "Account sharing", Guid.NewGuid(), Factory.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        var banned = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/partners/v1/members/{member}/access?key=chat:premium", UriKind.Relative));
        Assert.False(banned.GetProperty("allowed").GetBoolean());
        Assert.Equal("banned", banned.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("?key=not-a-key", HttpStatusCode.BadRequest)]
    [InlineData("?resource=no-such-room", HttpStatusCode.NotFound)]
    public async Task Bad_access_questions_get_problem_details(string query, HttpStatusCode expected)
    {
        var (key, member, _) = await PartnerMemberAndTierAsync();

        using var response = await Client(key).GetAsync(new Uri($"/api/partners/v1/members/{member}/access{query}", UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_partner_api_is_described_by_an_openapi_document()
    {
        var document = await Factory.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/api/partners/v1/openapi.json", UriKind.Relative));

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/partners/v1/members/{memberId}/entitlements", paths);
        Assert.Contains("/api/partners/v1/members/{memberId}/access", paths);
        Assert.DoesNotContain("/webhooks/stripe", paths);
    }

    [Fact]
    public async Task Api_keys_are_stored_hashed_and_only_their_last_characters_kept()
    {
        var (key, _, _) = await PartnerMemberAndTierAsync();
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();

        var stored = Assert.Single(db.Partners, p => p.ApiKeyHint == key[^4..]);
        Assert.DoesNotContain(key, stored.ApiKeyHash, StringComparison.Ordinal);
        Assert.Equal(PartnerAccount.Hash(key), stored.ApiKeyHash);
        Assert.Equal(64, stored.ApiKeyHash.Length);
    }
}
