using FanClub.Domain.Entitlements;
using FanClub.Web.Accounts;
using FanClub.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FanClub.EndToEnd.Tests;

/// <summary>
/// The premium chat in a real browser, under the site's CSP: a VIP member opens the lounge from the
/// members area, joins over SignalR, posts a message (with markup, which must show as text) and sees
/// it; a Supporter sees the upgrade offer instead of the room.
/// </summary>
public sealed class ChatJourneyTests(BrowserFixture fixture, ITestOutputHelper output) : ChatBrowserTest(fixture, output)
{
    protected override string Name => "chat-journey";

    [Fact]
    public async Task A_vip_member_joins_the_lounge_posts_and_sees_the_message_as_text()
    {
        var email = await MemberWithDemoTierAsync("Vera VIP", "vip");
        var main = Page.Locator("main");
        const string Message = "<b>Hello</b> from the lounge";

        await LogInAsync(email);

        await StepAsync("members-area", async () =>
        {
            await Page.GotoAsync("/members");
            await main.GetByTestId("chat-rooms").GetByRole(AriaRole.Link, new() { Name = "VIP lounge" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/members/chat/lounge"));
        });

        await StepAsync("joined", async () =>
        {
            await Expect(main.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("VIP lounge");
            await Expect(Page.GetByTestId("chat-status")).ToHaveTextAsync("You are in the room.");
            await Expect(Page.GetByLabel("Your message")).ToBeEnabledAsync();
        });

        await StepAsync("typed", () => Page.GetByLabel("Your message").FillAsync(Message));

        await StepAsync("posted", async () =>
        {
            await Page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            var posted = Page.GetByTestId("chat-messages").Locator("li");
            await Expect(posted).ToHaveCountAsync(1);
            await Expect(posted.Locator(".chat-author")).ToHaveTextAsync("Vera VIP");
            await Expect(posted.Locator(".chat-text")).ToHaveTextAsync(Message);
            // Shown as typed: the markup is text, not a bold element.
            await Expect(Page.GetByTestId("chat-messages").Locator("b")).ToHaveCountAsync(0);
            await Expect(Page.GetByLabel("Your message")).ToHaveValueAsync(string.Empty);
        });

        await StepAsync("reloaded", async () =>
        {
            await Page.ReloadAsync();
            await Expect(Page.GetByTestId("chat-status")).ToHaveTextAsync("You are in the room.");
            await Expect(Page.GetByTestId("chat-messages").Locator(".chat-text")).ToHaveTextAsync(Message);
        });

        AssertBrowserHadNoProblems();
    }
}

/// <summary>The other side of the same gate: a lower tier gets the offer, not the room.</summary>
public sealed class ChatUpgradeOfferTests(BrowserFixture fixture, ITestOutputHelper output) : ChatBrowserTest(fixture, output)
{
    protected override string Name => "chat-upgrade-offer";

    [Fact]
    public async Task A_supporter_sees_the_upgrade_offer_instead_of_the_premium_room()
    {
        var email = await MemberWithDemoTierAsync("Sacha Supporter", "supporter");
        var main = Page.Locator("main");

        await LogInAsync(email);

        await StepAsync("upgrade-offer", async () =>
        {
            var response = await Page.GotoAsync("/members/chat/lounge");
            Assert.Equal(200, response?.Status);
            await Expect(Page.GetByTestId("chat-upgrade")).ToBeVisibleAsync();
            await Expect(main.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Upgrade to join this room");
            await Expect(Page.GetByTestId("chat-upgrade")).ToContainTextAsync("Premium chat rooms with the cast");
            await Expect(Page.GetByTestId("chat")).ToHaveCountAsync(0);
        });

        await StepAsync("community-room", async () =>
        {
            await Page.GotoAsync("/members/chat/community");
            await Expect(Page.GetByTestId("chat-status")).ToHaveTextAsync("You are in the room.");
        });

        AssertBrowserHadNoProblems();
    }
}

/// <summary>Chat journeys start from a member holding a demo tier, logged in through the form.</summary>
public abstract class ChatBrowserTest(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    protected const string Password = "correct horse battery staple";

    protected async Task LogInAsync(string email)
    {
        await StepAsync("login", async () =>
        {
            await Page.GotoAsync("/account/login");
            await Page.GetByLabel("E-mail address").FillAsync(email);
            await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
            await Page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Log out" })).ToBeVisibleAsync();
        });
    }

    /// <summary>A confirmed member holding a demo tier through a comp (what an admin gives a contest winner).</summary>
    protected async Task<string> MemberWithDemoTierAsync(string name, string tierSlug)
    {
        var email = $"chat-{Guid.NewGuid():N}@example.com";
        await using var scope = Fixture.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>();
        var user = new FanClubUser { UserName = email, Email = email, DisplayName = name, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Member);
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        var tier = await db.Tiers.SingleAsync(t => t.Slug == tierSlug);
        db.Comps.Add(Comp.Grant(Guid.NewGuid(), user.Id, tier.Id, 7, "Chat journey", Guid.NewGuid(), TimeProvider.System.GetUtcNow()).Value);
        await db.SaveChangesAsync();
        return email;
    }
}
