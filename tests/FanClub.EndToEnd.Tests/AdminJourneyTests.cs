using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FanClub.Testing;
using FanClub.Web.Accounts;
using FanClub.Web.Partners;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FanClub.EndToEnd.Tests;

/// <summary>
/// The admin console in a real browser: a fan pays for a membership on the hosted checkout; the
/// admin logs in with password and authenticator code, finds the fan, comps a month of VIP, refunds
/// the payment, bans the fan, and a partner asking FanClub's partner API sees the stream and chat
/// access end within seconds. A screenshot of every page.
/// </summary>
[Collection(AdminBrowserTestGroup.Name)]
public sealed class AdminJourneyTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Password = "correct horse battery staple";

    /// <summary>How long partners may take to see a ban: the change is in the database at once; this bounds the whole round trip.</summary>
    private static readonly TimeSpan RevocationBound = TimeSpan.FromSeconds(5);

    protected override string Name => "admin-journey";

    [Fact]
    public async Task The_admin_finds_a_fan_comps_refunds_and_bans_and_partners_see_access_end_within_seconds()
    {
        var fanEmail = $"fan-{Guid.NewGuid():N}@example.com";
        var (fanId, _) = await AccountAsync(fanEmail, "Frankie Fan", Roles.Member, withAuthenticator: false);
        var adminEmail = $"admin-{Guid.NewGuid():N}@example.com";
        var (_, key) = await AccountAsync(adminEmail, "Ada Admin", Roles.Admin, withAuthenticator: true);
        using var partner = await PartnerClientAsync();
        var main = Page.Locator("main");

        await LogInAsync(fanEmail);
        await StepAsync("fan-checkout", async () =>
        {
            await Page.GotoAsync("/billing/subscribe?tier=fan");
            await Page.GetByLabel("Monthly").CheckAsync();
            await Page.GetByTestId("continue-to-payment").ClickAsync();
            await Page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();
            await Expect(Page.GetByTestId("membership-active")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        });
        Assert.True(await AllowedAsync(partner, fanId, "stream:live"));

        await StepAsync("fan-logged-out", async () =>
        {
            // The header's link leads to the log-out page, whose form carries the anti-forgery token.
            await Page.GetByRole(AriaRole.Link, new() { Name = "Log out" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/account/logout"));
            await Page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
        });

        await StepAsync("admin-password", async () =>
        {
            await Page.GotoAsync("/admin");
            await Expect(Page).ToHaveURLAsync(PathIs("/account/login"));
            await Page.GetByLabel("E-mail address").FillAsync(adminEmail);
            await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
            await main.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/account/login-with2fa"));
        });

        await StepAsync("admin-second-factor", async () =>
        {
            await Page.Locator("#Input_Code").FillAsync(Totp.Code(key!, DateTimeOffset.UtcNow));
            await main.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/admin"));
            await Expect(Page.GetByTestId("admin-nav")).ToBeVisibleAsync();
        });

        await StepAsync("members-search", async () =>
        {
            await Page.GetByTestId("admin-nav").GetByRole(AriaRole.Link, new() { Name = "Members" }).ClickAsync();
            await Page.GetByTestId("member-search").FillAsync(fanEmail[..12]);
            await main.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            await Expect(Page.GetByTestId("members").Locator("tbody tr")).ToHaveCountAsync(1);
            await Expect(Page.GetByTestId("members")).ToContainTextAsync("Frankie Fan");
        });

        await StepAsync("member-detail", async () =>
        {
            await Page.GetByRole(AriaRole.Link, new() { Name = fanEmail }).ClickAsync();
            await Expect(Page.GetByTestId("member-email")).ToHaveTextAsync(fanEmail);
            await Expect(Page.GetByTestId("entitlements")).ToContainTextAsync("stream:live");
            await Expect(Page.GetByTestId("timeline")).ToContainTextAsync("signed in (password)");
        });

        await StepAsync("comped", async () =>
        {
            var form = Page.GetByTestId("comp-form");
            await form.GetByLabel("Tier").SelectOptionAsync(new SelectOptionValue { Label = "VIP" });
            await form.GetByLabel("Days").FillAsync("30");
            await form.GetByLabel("Reason").FillAsync("Contest winner");
            await form.GetByRole(AriaRole.Button).ClickAsync();
            await Expect(main.GetByRole(AriaRole.Status)).ToHaveTextAsync("Tier comped.");
            await Expect(Page.GetByTestId("entitlements")).ToContainTextAsync("chat:premium");
        });
        Assert.True(await AllowedAsync(partner, fanId, "chat:premium"));

        await StepAsync("refunded", async () =>
        {
            var form = Page.GetByTestId("refund-form");
            await form.GetByLabel("Reason").FillAsync("Charged twice by mistake");
            await form.GetByLabel("Yes, I mean it").CheckAsync();
            await form.GetByRole(AriaRole.Button).ClickAsync();
            await Expect(main.GetByRole(AriaRole.Status)).ToHaveTextAsync("Refund made.");
            await Expect(Page.GetByTestId("payments")).ToContainTextAsync("Refunded");
        });

        var banned = Stopwatch.StartNew();
        await StepAsync("banned", async () =>
        {
            var form = Page.GetByTestId("ban-form");
            await form.GetByLabel("Reason").FillAsync("Restreaming the live");
            await form.GetByLabel("Yes, I mean it").CheckAsync();
            banned.Restart();
            await form.GetByRole(AriaRole.Button).ClickAsync();
            await Expect(main.GetByRole(AriaRole.Status)).ToHaveTextAsync("Member banned: every access ended.");
            await Expect(Page.GetByTestId("entitlements-banned")).ToBeVisibleAsync();
        });

        // What a partner sees: both the stream and the chat refused, because of the ban.
        while (await AllowedAsync(partner, fanId, "stream:live") || await AllowedAsync(partner, fanId, "chat:premium"))
        {
            Assert.True(banned.Elapsed < RevocationBound, $"Partners still saw access {banned.Elapsed.TotalSeconds:0.0} s after the ban.");
            await Task.Delay(100);
        }

        Output.WriteLine($"partner API refused stream and chat {banned.Elapsed.TotalMilliseconds:0} ms after the ban was submitted");
        var access = await partner.GetFromJsonAsync<AccessResponse>(new Uri($"/api/partners/v1/members/{fanId}/access?key=chat:premium", UriKind.Relative));
        Assert.Equal("banned", access!.Reason);

        await StepAsync("audit-log", async () =>
        {
            await Page.GetByTestId("admin-nav").GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
            var rows = Page.GetByTestId("audit").Locator("tbody tr");
            await Expect(rows).ToHaveCountAsync(3);
            await Expect(rows.Nth(0)).ToContainTextAsync("member.ban");
            await Expect(rows.Nth(1)).ToContainTextAsync("member.refund");
            await Expect(rows.Nth(2)).ToContainTextAsync("member.comp");
        });

        AssertBrowserHadNoProblems();
    }

    private async Task LogInAsync(string email)
    {
        await StepAsync("fan-login", async () =>
        {
            await Page.GotoAsync("/account/login");
            await Page.GetByLabel("E-mail address").FillAsync(email);
            await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
            await Page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Log out" })).ToBeVisibleAsync();
        });
    }

    private async Task<(Guid Id, string? Key)> AccountAsync(string email, string name, string role, bool withAuthenticator)
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>();
        var user = new FanClubUser { UserName = email, Email = email, DisplayName = name, EmailConfirmed = true, CreatedAt = TimeProvider.System.GetUtcNow() };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, role);
        string? key = null;
        if (withAuthenticator)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        return (user.Id, key);
    }

    /// <summary>An external partner, registered the way <c>./fanclub partner add</c> does, calling the partner API with its key.</summary>
    private async Task<HttpClient> PartnerClientAsync()
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<PartnerOnboarding>()
            .AddAsync("journey" + Guid.NewGuid().ToString("N")[..8], "Journey partner", null, CancellationToken.None);
        Assert.True(added.Succeeded, added.Failure?.Message);
        var client = new HttpClient { BaseAddress = Fixture.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", added.Value.ApiKey);
        return client;
    }

    private static async Task<bool> AllowedAsync(HttpClient partner, Guid memberId, string key)
    {
        var access = await partner.GetFromJsonAsync<AccessResponse>(new Uri($"/api/partners/v1/members/{memberId}/access?key={key}", UriKind.Relative));
        return access!.Allowed;
    }
}

/// <summary>
/// A site, sandbox and browser of its own: other journeys move the shared sandbox's clock a month
/// on, and a Checkout page created after that is already expired in Stripe's eyes.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AdminBrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "admin-browser";
}
