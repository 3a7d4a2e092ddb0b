using FanClub.Web.Data;
using FanClub.Web.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.Partners;

public sealed class PartnerOnboardingTests(WebAppFixture fixture) : WebTest(fixture)
{
    private async Task<FanClub.Domain.Common.Result<(PartnerAccount Partner, string ApiKey)>> AddAsync(string id, string name, string? url)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PartnerOnboarding>()
            .AddAsync(id, name, url is null ? null : new Uri(url), CancellationToken.None);
    }

    [Fact]
    public async Task A_new_partner_gets_a_key_that_opens_the_api_and_is_stored_only_hashed()
    {
        var added = await AddAsync("cdn-one", "CDN One", "https://cdn.example/hooks");

        Assert.True(added.Succeeded);
        var (_, key) = added.Value;
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var response = await client.GetAsync(new Uri($"/api/partners/v1/members/{Guid.NewGuid()}/entitlements", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        await using var scope = Factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<FanClubDbContext>().Partners.AsNoTracking().SingleAsync(p => p.Id == "cdn-one");
        Assert.Equal(PartnerAccount.Hash(key), stored.ApiKeyHash);
        Assert.DoesNotContain(key, stored.ApiKeyHash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bad Id", "Name", null, "partner.id_invalid")]
    [InlineData("ok-id", "", null, "partner.name_invalid")]
    [InlineData("ok-id", "Name", "http://cdn.example/hooks", "partner.webhook_invalid")]
    public async Task Bad_partner_details_are_refused_and_nothing_is_stored(string id, string name, string? url, string code)
    {
        var added = await AddAsync(id, name, url);

        Assert.Equal(code, added.Failure!.Code);
        Assert.Equal(0, await Database.CountAsync("partners"));
    }

    [Fact]
    public async Task The_same_id_cannot_be_added_twice()
    {
        Assert.True((await AddAsync("chat-x", "Chat X", null)).Succeeded);

        Assert.Equal("partner.exists", (await AddAsync("chat-x", "Chat X again", null)).Failure!.Code);
    }
}
