using FanClub.Domain.Entitlements;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FanClub.EndToEnd.Tests;

/// <summary>
/// A fan without a membership opens the demo stream and is offered one; once comped the Fan tier,
/// the same page plays: hls.js (bundled from npm) gets a token from the site, and the playlist and
/// segments, each carrying the token, come back 200 from the site's secure_link edge.
/// </summary>
public sealed class WatchStreamJourneyTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Password = "correct horse battery staple";

    protected override string Name => "watch-stream";

    [Fact]
    public async Task A_fan_sees_the_upgrade_offer_then_once_entitled_the_player_loads_the_signed_playlist()
    {
        var email = $"viewer-{Guid.NewGuid():N}@example.com";

        await StepAsync("home", () => Page.GotoAsync("/"));
        await SignUpAndLogInAsync("Val Viewer", email, Password);

        await StepAsync("upgrade-offer", async () =>
        {
            await Page.GotoAsync("/members/watch/main-stage");
            await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Main stage");
            await Expect(Page.GetByTestId("upgrade-offer")).ToContainTextAsync("Your membership does not include Main stage.");
            await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "See the memberships" })).ToBeVisibleAsync();
            await Expect(Page.Locator("video")).ToHaveCountAsync(0);
        });

        await GrantFanTierAsync(email);

        await StepAsync("player", async () =>
        {
            var token = Page.WaitForResponseAsync(r => r.Url.Contains("/api/me/streams/main-stage/token", StringComparison.Ordinal));
            var playlist = Page.WaitForResponseAsync(r => r.Url.Contains("/live/main-stage/index.m3u8?", StringComparison.Ordinal));
            var segment = Page.WaitForResponseAsync(r => r.Url.Contains("/live/main-stage/seg0.ts?", StringComparison.Ordinal));
            await Page.ReloadAsync();

            Assert.Equal(200, (await token).Status);
            var playlistResponse = await playlist;
            Assert.Equal(200, playlistResponse.Status);
            Assert.Contains("md5=", playlistResponse.Url, StringComparison.Ordinal);
            var segmentResponse = await segment;
            Assert.Equal(200, segmentResponse.Status);
            Assert.Contains("expires=", segmentResponse.Url, StringComparison.Ordinal);
            await Expect(Page.GetByTestId("player-status")).ToHaveTextAsync("Live");
        });

        await StepAsync("playing", async () =>
        {
            // Decoded and advancing: the segments are real H.264/AAC, played through MediaSource under the CSP.
            await Page.WaitForFunctionAsync("() => document.getElementById('player').currentTime > 0.5", null, new() { Timeout = 15_000 });
        });

        AssertBrowserHadNoProblems();
    }

    /// <summary>What an admin's comp does: the Fan tier (stream:live) for a week.</summary>
    private async Task GrantFanTierAsync(string email)
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        var member = await db.Users.SingleAsync(u => u.Email == email);
        var fan = await db.Tiers.SingleAsync(t => t.Slug == "fan");
        db.Comps.Add(Comp.Grant(Guid.NewGuid(), member.Id, fan.Id, 7, "Browser journey", Guid.NewGuid(), DateTimeOffset.UtcNow).Value);
        await db.SaveChangesAsync();
    }
}
