using System.Net;
using System.Text.Json;

using FanClub.Web.Tests.Accounts;

namespace FanClub.Web.Tests.Hosting;

public sealed class LanguageSwitchTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task Switching_to_french_sets_the_culture_cookie_and_returns_to_the_page()
    {
        var client = Accounts.NewClient();
        using var response = await client.Http.GetAsync(new Uri("/language/fr?returnUrl=%2Faccount%2Flogin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location?.OriginalString);
        var cookie = AccountSteps.SetCookieHeader(response, ".AspNetCore.Culture");
        Assert.NotNull(cookie);
        Assert.Contains("c%3Dfr%7Cuic%3Dfr", cookie, StringComparison.Ordinal);

        // The cookie is what the next page obeys.
        Assert.Contains("<html lang=\"fr\">", await client.GetStringAsync("/account/login"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("//evil.example/path")]
    [InlineData("/\\evil.example")]
    [InlineData("")]
    public async Task Only_local_return_urls_are_followed(string returnUrl)
    {
        using var response = await Accounts.NewClient().Http.GetAsync(new Uri("/language/en?returnUrl=" + Uri.EscapeDataString(returnUrl), UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_unsupported_language_is_a_400_problem()
    {
        using var response = await Accounts.NewClient().Http.GetAsync(new Uri("/language/de?returnUrl=%2F", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Null(AccountSteps.SetCookieHeader(response, ".AspNetCore.Culture"));
    }
}
