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

public sealed class IntrospectionTests(WebAppFixture fixture) : WebTest(fixture)
{
    private async Task<(string ApiKey, string PartnerId, Guid Member, string Email)> SetUpAsync()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        var member = (await scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>().FindByEmailAsync(email))!.Id;
        var (partner, key) = PartnerAccount.Create("chat-" + Guid.NewGuid().ToString("N")[..6], "Chat", null, Factory.Clock.GetUtcNow());
        db.Partners.Add(partner);
        var tier = Tier.Create(Guid.NewGuid(), "t" + Guid.NewGuid().ToString("N")[..8], new LocalizedText("VIP", "VIP"), new LocalizedText("VIP", "VIP"),
            new Money(1999, "EUR"), new Money(19990, "EUR"), 0, 0, [EntitlementKey.Parse("chat:premium")]).Value;
        db.Tiers.Add(tier);
        db.Comps.Add(Comp.Grant(Guid.NewGuid(), member, tier.Id, 7, "Contest", Guid.NewGuid(), Factory.Clock.GetUtcNow()).Value);
        await db.SaveChangesAsync();
        return (key, partner.Id, member, email);
    }

    private async Task<JsonElement> IntrospectAsync(string apiKey, string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token });
        using var response = await client.PostAsync(new Uri("/api/partners/v1/introspect", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> MintAsync(FanClub.Testing.FormClient member, string partnerId)
    {
        using var response = await member.Http.PostAsync(new Uri($"/api/me/tokens/{partnerId}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    [Fact]
    public async Task A_members_token_is_active_for_its_partner_with_the_keys_it_carries()
    {
        var (apiKey, partnerId, member, email) = await SetUpAsync();
        var token = await MintAsync(await Accounts.SignedInAsync(email), partnerId);

        var result = await IntrospectAsync(apiKey, token);

        Assert.True(result.GetProperty("active").GetBoolean());
        Assert.Equal(member.ToString(), result.GetProperty("sub").GetString());
        Assert.Equal(partnerId, result.GetProperty("aud").GetString());
        Assert.Equal(["chat:premium"], result.GetProperty("ent").EnumerateArray().Select(e => e.GetString()));
        Assert.True(result.GetProperty("exp").GetInt64() <= Factory.Clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_token_is_inactive_once_its_member_is_banned_even_before_it_expires()
    {
        var (apiKey, partnerId, member, email) = await SetUpAsync();
        var token = await MintAsync(await Accounts.SignedInAsync(email), partnerId);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
            db.Bans.Add(Ban.Impose(Guid.NewGuid(), member, "Abuse", Guid.NewGuid(), Factory.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        var result = await IntrospectAsync(apiKey, token);

        Assert.False(result.GetProperty("active").GetBoolean());
        Assert.Single(result.EnumerateObject());
    }

    [Fact]
    public async Task Another_partner_forged_or_expired_tokens_are_inactive()
    {
        var (apiKey, partnerId, _, email) = await SetUpAsync();
        var (_, otherPartner, _, _) = await SetUpAsync();
        var member = await Accounts.SignedInAsync(email);
        var forOther = await MintAsync(member, otherPartner);
        var mine = await MintAsync(member, partnerId);
        var forged = mine[..^4] + (mine[^4] == 'A' ? "BBBB" : "AAAA");

        Assert.False((await IntrospectAsync(apiKey, forOther)).GetProperty("active").GetBoolean());
        Assert.False((await IntrospectAsync(apiKey, forged)).GetProperty("active").GetBoolean());
        Assert.False((await IntrospectAsync(apiKey, "not-a-jwt")).GetProperty("active").GetBoolean());
        Factory.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.False((await IntrospectAsync(apiKey, mine)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Minting_needs_a_signed_in_entitled_member_and_a_known_partner()
    {
        var (_, partnerId, _, _) = await SetUpAsync();
        var anonymous = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var noLogin = await anonymous.PostAsync(new Uri($"/api/me/tokens/{partnerId}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Unauthorized, noLogin.StatusCode);

        var unentitled = await Accounts.SignedInAsync(await Accounts.ConfirmedMemberAsync());
        using var forbidden = await unentitled.Http.PostAsync(new Uri($"/api/me/tokens/{partnerId}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var unknown = await unentitled.Http.PostAsync(new Uri("/api/me/tokens/nobody", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
