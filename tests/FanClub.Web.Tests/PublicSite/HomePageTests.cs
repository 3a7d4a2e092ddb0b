using System.Net;
using FanClub.Domain.Common;
using FanClub.Domain.Tiers;

namespace FanClub.Web.Tests.PublicSite;

public sealed class HomePageTests(WebAppFixture fixture) : WebTest(fixture)
{
    private async Task AddTierAsync(string slug, string nameEn, string nameFr, long monthlyCents, int order)
    {
        await using var db = Database.CreateContext();
        db.Tiers.Add(Tier.Create(Guid.NewGuid(), slug, new LocalizedText(nameEn, nameFr), new LocalizedText("About " + nameEn, "À propos " + nameFr),
            new Money(monthlyCents, "EUR"), new Money(monthlyCents * 10, "EUR"), 0, order, [EntitlementKey.Parse("stream:live")]).Value);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Home_page_lists_the_tiers_from_the_database_with_cdn_cache_headers()
    {
        await AddTierAsync("gold-" + Guid.NewGuid().ToString("N")[..6], "Gold Pass", "Pass Or", 1299, 0);
        var client = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?nocache=" + Guid.NewGuid());
        request.Headers.AcceptLanguage.ParseAdd("en-GB");
        using var response = await client.Http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Gold Pass", html, StringComparison.Ordinal);
        Assert.Contains("€12.99", html, StringComparison.Ordinal);
        Assert.Contains("s-maxage=300", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl.Public);
    }

    [Fact]
    public async Task Home_page_speaks_french_to_a_french_browser()
    {
        await AddTierAsync("silver-" + Guid.NewGuid().ToString("N")[..6], "Silver", "Argent", 999, 0);
        var client = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?nocache=" + Guid.NewGuid());
        request.Headers.AcceptLanguage.ParseAdd("fr-FR");
        using var response = await client.Http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
        Assert.Contains("Argent", html, StringComparison.Ordinal);
        Assert.Contains("par mois", html, StringComparison.Ordinal);
        Assert.Contains("9,99", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Browsers_that_resolve_to_the_same_language_share_one_cached_page_and_other_languages_get_their_own()
    {
        var client = NewClient();
        var path = "/?probe=" + Guid.NewGuid();

        async Task<(string Html, bool FromCache)> GetAsync(string acceptLanguage)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
            using var response = await client.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadAsStringAsync(), response.Headers.Age is not null);
        }

        var first = await GetAsync("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7");
        var other = await GetAsync("fr");
        var english = await GetAsync("en-GB,en;q=0.9");

        Assert.False(first.FromCache);
        Assert.Contains("<html lang=\"fr\">", first.Html, StringComparison.Ordinal);
        Assert.True(other.FromCache, "a second French browser, with another Accept-Language, is served the cached French page");
        Assert.Equal(first.Html, other.Html);
        Assert.False(english.FromCache);
        Assert.Contains("<html lang=\"en\">", english.Html, StringComparison.Ordinal);
    }
}
