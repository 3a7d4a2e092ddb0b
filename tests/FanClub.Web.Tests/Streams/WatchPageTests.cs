using System.Net;

namespace FanClub.Web.Tests.Streams;

/// <summary>/members/watch/{stream}: the player for a member with the key, an upgrade offer (200) for one without.</summary>
public sealed class WatchPageTests(StreamFixture fixture) : StreamTest(fixture)
{
    [Fact]
    public async Task Entitled_member_gets_the_player_wired_by_data_attributes_and_script_files()
    {
        var (member, _) = await MemberAsync("stream:live");

        using var response = await member.Http.GetAsync(new Uri("/members/watch/s1", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Contains("<h1>Stage one</h1>", html, StringComparison.Ordinal);
        Assert.Contains("data-token-url=\"/api/me/streams/s1/token\"", html, StringComparison.Ordinal);
        // Versioned either way static assets do it: a fingerprint in the name or ?v=.
        Assert.Matches("<script src=\"/lib/hls/hls\\.min(\\.[a-z0-9]+)?\\.js(\\?v=[^\"]+)?\" defer>", html);
        Assert.Matches("<script src=\"/js/watch(\\.[a-z0-9]+)?\\.js(\\?v=[^\"]+)?\" defer>", html);
        Assert.DoesNotContain("data-testid=\"upgrade-offer\"", html, StringComparison.Ordinal);
        // The CSP lets the player reach the edge and play from a MediaSource, and still no inline script.
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"connect-src 'self' {Fixture.Nginx.BaseAddress.GetLeftPart(UriPartial.Authority)};", csp, StringComparison.Ordinal);
        Assert.Contains("media-src 'self' blob:;", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bundled_player_scripts_are_served_by_the_site()
    {
        using var client = Factory.CreateClient();

        using var hls = await client.GetAsync(new Uri("/lib/hls/hls.min.js", UriKind.Relative));
        using var watch = await client.GetAsync(new Uri("/js/watch.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, hls.StatusCode);
        Assert.Contains("HlsJs", await hls.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
    }

    [Theory]
    [InlineData("s1")]
    [InlineData("s2")]
    public async Task Member_without_the_key_sees_an_upgrade_offer_not_an_error(string stream)
    {
        var (member, _) = await MemberAsync(stream == "s1" ? [] : ["stream:live"]);

        using var response = await member.Http.GetAsync(new Uri($"/members/watch/{stream}", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"upgrade-offer\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/#tiers-heading\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/billing\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/js/watch", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/lib/hls", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-token-url", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Banned_member_sees_the_offer_too()
    {
        var (member, memberId) = await MemberAsync("stream:live");
        await BanAsync(memberId);

        var html = await member.GetStringAsync("/members/watch/s1");

        Assert.Contains("data-testid=\"upgrade-offer\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_stream_is_404_and_visitors_are_sent_to_log_in()
    {
        var (member, _) = await MemberAsync("stream:live");
        using var anonymous = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var unknown = await member.Http.GetAsync(new Uri("/members/watch/no-such-stream", UriKind.Relative));
        using var visitor = await anonymous.GetAsync(new Uri("/members/watch/s1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);
        Assert.StartsWith("/account/login", visitor.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }
}
